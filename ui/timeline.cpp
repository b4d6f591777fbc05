#include "ui/timeline.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/object_colors.h"

namespace masklet::ui {
namespace {
constexpr int kRulerHeight = 18;
constexpr int kRowHeight = 10;
constexpr int kMargin = 8;
}  // namespace

Timeline::Timeline(QWidget* parent) : QWidget(parent) {
  setMinimumHeight(kRulerHeight + 2 * kRowHeight + 8);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize Timeline::sizeHint() const {
  const int rows = std::max<qsizetype>(1, std::max(m_presence.size(), m_prompted.size()));
  return QSize(600, kRulerHeight + int(rows) * (kRowHeight + 2) + 10);
}

void Timeline::setFrameCount(int frameCount) {
  m_frameCount = std::max(0, frameCount);
  m_current = std::clamp(m_current, 0, std::max(0, m_frameCount - 1));
  update();
}

void Timeline::setCurrentFrame(int frame) {
  m_current = std::clamp(frame, 0, std::max(0, m_frameCount - 1));
  update();
}

void Timeline::setPresence(int objectId, const QSet<int>& frames) {
  m_presence[objectId] = frames;
  updateGeometry();
  update();
}

void Timeline::setPrompted(int objectId, const QSet<int>& frames) {
  m_prompted[objectId] = frames;
  updateGeometry();
  update();
}

void Timeline::markPresence(int objectId, int frame, bool present) {
  QSet<int>& frames = m_presence[objectId];
  if (present == frames.contains(frame)) return;
  if (present) {
    frames.insert(frame);
  } else {
    frames.remove(frame);
  }
  update();
}

void Timeline::removeObject(int objectId) {
  m_presence.remove(objectId);
  m_prompted.remove(objectId);
  updateGeometry();
  update();
}

void Timeline::clearObjects() {
  m_presence.clear();
  m_prompted.clear();
  updateGeometry();
  update();
}

QRectF Timeline::trackArea() const {
  return QRectF(kMargin, 0, std::max(1, width() - 2 * kMargin), height());
}

double Timeline::xOf(int frame) const {
  const QRectF area = trackArea();
  if (m_frameCount <= 1) return area.left();
  return area.left() + area.width() * frame / double(m_frameCount - 1);
}

int Timeline::frameAt(double x) const {
  const QRectF area = trackArea();
  if (m_frameCount <= 1) return 0;
  const double t = (x - area.left()) / area.width();
  return std::clamp(int(std::lround(t * (m_frameCount - 1))), 0, m_frameCount - 1);
}

void Timeline::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (m_frameCount == 0) return;
  const QRectF area = trackArea();
  const double frameWidth = std::max(1.0, area.width() / m_frameCount);

  // Ruler with ticks every "nice" number of frames.
  painter.setPen(palette().color(QPalette::WindowText));
  int step = 1;
  while (area.width() * step / m_frameCount < 60) step *= (step % 10 == 1 || step == 1) ? 5 : 2;
  for (int frame = 0; frame < m_frameCount; frame += step) {
    const double x = xOf(frame);
    painter.drawLine(QPointF(x, kRulerHeight - 5), QPointF(x, kRulerHeight));
    painter.drawText(QPointF(x + 2, kRulerHeight - 6), QString::number(frame));
  }

  // One row per object: presence bar, prompted frames as dark ticks.
  QList<int> ids = m_presence.keys();
  for (int id : m_prompted.keys())
    if (!ids.contains(id)) ids.append(id);
  std::sort(ids.begin(), ids.end());
  int row = 0;
  for (int id : ids) {
    const double y = kRulerHeight + 3 + row * (kRowHeight + 2);
    const QColor color = colorForObject(id);
    for (int frame : m_presence.value(id))
      painter.fillRect(QRectF(xOf(frame) - frameWidth / 2, y, frameWidth, kRowHeight), color);
    painter.setPen(QPen(Qt::black, 2));
    for (int frame : m_prompted.value(id))
      painter.drawLine(QPointF(xOf(frame), y - 1), QPointF(xOf(frame), y + kRowHeight + 1));
    ++row;
  }

  // Current frame cursor.
  painter.setPen(QPen(QColor(230, 40, 40), 2));
  painter.drawLine(QPointF(xOf(m_current), 0), QPointF(xOf(m_current), height()));
}

void Timeline::mousePressEvent(QMouseEvent* event) {
  if (m_frameCount == 0) return;
  Q_EMIT frameRequested(frameAt(event->position().x()));
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
  if (m_frameCount == 0 || !(event->buttons() & Qt::LeftButton)) return;
  Q_EMIT frameRequested(frameAt(event->position().x()));
}

}  // namespace masklet::ui
