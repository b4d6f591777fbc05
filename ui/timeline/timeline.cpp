#include "ui/timeline/timeline.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolButton>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "ui/timeline/confidence_strip.h"

namespace masklet::ui {
namespace {
constexpr int kHeaderWidth = 112;  // lane names
constexpr int kRightMargin = 6;
constexpr int kRulerHeight = 16;
constexpr int kDamageTop = kRulerHeight;
constexpr int kDamageHeight = 6;
constexpr int kLanesTop = kDamageTop + kDamageHeight + 2;
constexpr int kLaneGap = 2;
constexpr int kStripHeight = 3;  // review assist: the confidence strip under a lane
constexpr int kScrollHeight = 12;
constexpr double kZoomStep = 1.25;         // per wheel notch
constexpr double kMaxPixelsPerFrame = 24;  // the deepest zoom
const QColor kDamageColor(245, 150, 0);
const QColor kPromptColor(25, 25, 25);
const QColor kCursorColor(230, 40, 40);
}  // namespace

Timeline::Timeline(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  setMouseTracking(false);
  m_scroll = new QScrollBar(Qt::Horizontal, this);
  m_scroll->setVisible(false);
  connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
    if (std::lround(m_range.start) == value) return;  // our own sync
    m_range.scrollTo(value);
    update();
  });
  m_fitButton = new QToolButton(this);
  m_fitButton->setText(tr("Fit"));
  m_fitButton->setToolTip(tr("Show the whole video (or double-click the ruler)"));
  m_fitButton->setAutoRaise(true);
  m_fitButton->setEnabled(false);
  connect(m_fitButton, &QToolButton::clicked, this, &Timeline::fitAll);
}

QSize Timeline::sizeHint() const {
  const int lanes = std::max<int>(1, int(m_lanes.lanes().size()));
  return QSize(600, kLanesTop + lanes * lanePitch() + kScrollHeight + 2);
}

QSize Timeline::minimumSizeHint() const {
  return QSize(kHeaderWidth + 100, sizeHint().height());
}

int Timeline::laneHeight() const {
  // Lanes get thinner as objects are added, so the timeline never eats the video.
  const int lanes = std::max<int>(1, int(m_lanes.lanes().size()));
  return std::clamp(84 / lanes, 6, 14);
}

int Timeline::lanePitch() const {
  return laneHeight() + (m_review != nullptr ? kStripHeight : 0) + kLaneGap;
}

QRect Timeline::frameArea() const {
  return QRect(kHeaderWidth, 0, std::max(1, width() - kHeaderWidth - kRightMargin),
               height() - kScrollHeight);
}

QRect Timeline::damageStrip() const {
  const QRect area = frameArea();
  return QRect(area.left(), kDamageTop, area.width(), kDamageHeight);
}

QRect Timeline::laneRect(int laneIndex) const {
  const QRect area = frameArea();
  return QRect(area.left(), kLanesTop + laneIndex * lanePitch(), area.width(), laneHeight());
}

QRect Timeline::stripRect(int laneIndex) const {
  if (m_review == nullptr) return {};
  const QRect lane = laneRect(laneIndex);
  return QRect(lane.left(), lane.bottom() + 1, lane.width(), kStripHeight);
}

int Timeline::laneAt(int y) const {
  if (y < kLanesTop) return -1;
  const int index = (y - kLanesTop) / lanePitch();
  return index < int(m_lanes.lanes().size()) ? index : -1;
}

double Timeline::pixelsPerFrame() const {
  return frameArea().width() / std::max(1e-9, m_range.frames);
}

double Timeline::xOfFrame(int frame) const {
  return frameArea().left() + (frame - m_range.start) * pixelsPerFrame();
}

int Timeline::frameAtX(double x) const {
  if (m_range.total <= 0) return 0;
  const double position = m_range.start + (x - frameArea().left()) / pixelsPerFrame();
  return std::clamp(int(std::floor(position)), 0, m_range.total - 1);
}

void Timeline::setFrameCount(int frameCount) {
  m_lanes.setFrameCount(frameCount);
  m_range.setTotal(frameCount);
  m_current = std::clamp(m_current, 0, std::max(0, frameCount - 1));
  setDamagedFrames(m_damagedReported);  // reported before the length was known
  rangeChanged();
}

void Timeline::setCurrentFrame(int frame) {
  m_current = std::clamp(frame, 0, std::max(0, m_range.total - 1));
  if (m_range.ensureVisible(m_current)) rangeChanged();
  update();
}

void Timeline::setObject(int objectId, const QString& name, const QColor& color, bool visible) {
  const size_t lanes = m_lanes.lanes().size();
  m_lanes.setObject(objectId, name, color, visible);
  if (m_lanes.lanes().size() != lanes) updateGeometry();
  update();
}

void Timeline::setObjectFrames(int objectId, const std::vector<int>& tracked,
                               const std::vector<int>& prompted, const std::vector<int>& edited) {
  const size_t lanes = m_lanes.lanes().size();
  m_lanes.setFrames(objectId, kTracked, tracked);
  m_lanes.setFrames(objectId, kPrompted, prompted);
  m_lanes.setFrames(objectId, kEdited, edited);
  if (m_lanes.lanes().size() != lanes) updateGeometry();
  update();
}

void Timeline::markMask(int objectId, int frame, bool present, bool edited) {
  const size_t lanes = m_lanes.lanes().size();
  const bool trackedChanged = m_lanes.setMark(objectId, frame, kTracked, present);
  const bool editedChanged = m_lanes.setMark(objectId, frame, kEdited, edited);
  if (m_lanes.lanes().size() != lanes) updateGeometry();
  if (!trackedChanged && !editedChanged) return;
  // Only the frame's column needs repainting.
  const double left = xOfFrame(frame);
  update(QRect(int(std::floor(left)) - 1, 0, int(std::ceil(pixelsPerFrame())) + 3, height()));
}

void Timeline::setReview(const project::ReviewSignals* signals,
                         const project::ReviewThresholds& thresholds) {
  const bool stripsChanged = (signals == nullptr) != (m_review == nullptr);
  m_review = signals;
  m_thresholds = thresholds;
  if (stripsChanged) updateGeometry();
  update();
}

void Timeline::removeObject(int objectId) {
  m_lanes.removeObject(objectId);
  updateGeometry();
  update();
}

void Timeline::clearObjects() {
  m_lanes.clear();
  updateGeometry();
  update();
}

void Timeline::setActiveObject(int objectId) {
  if (m_active == objectId) return;
  m_active = objectId;
  update(QRect(0, 0, kHeaderWidth, height()));
}

void Timeline::setDamagedFrames(const QList<int>& frames) {
  m_damagedReported = frames;
  m_damaged.clear();
  m_damageMarks.assign(size_t(m_range.total), 0);
  for (const int frame : frames) {
    if (frame < 0 || frame >= m_range.total || m_damageMarks[size_t(frame)] != 0) continue;
    m_damageMarks[size_t(frame)] = 1;
    m_damaged.append(frame);
  }
  std::sort(m_damaged.begin(), m_damaged.end());
  update();
}

void Timeline::setVisibleRange(double start, double frames) {
  m_range.frames = frames;
  m_range.scrollTo(start);
  rangeChanged();
}

void Timeline::zoomAt(double x, double factor) {
  if (m_range.total <= 0) return;
  const double position = m_range.start + (x - frameArea().left()) / pixelsPerFrame();
  m_range.zoomAround(position, factor);
  rangeChanged();
}

void Timeline::fitAll() {
  m_range.fitAll();
  rangeChanged();
}

void Timeline::rangeChanged() {
  m_range.minFrames = frameArea().width() / kMaxPixelsPerFrame;
  m_range.clamp();
  const bool zoomed = m_range.zoomed();
  {
    const QSignalBlocker blocker(m_scroll);
    const int page = std::max(1, int(std::lround(m_range.frames)));
    m_scroll->setRange(0, std::max(0, m_range.total - page));
    m_scroll->setPageStep(page);
    m_scroll->setSingleStep(std::max(1, page / 10));
    m_scroll->setValue(int(std::lround(m_range.start)));
  }
  m_scroll->setVisible(zoomed);
  m_fitButton->setEnabled(zoomed);
  update();
}

void Timeline::resizeEvent(QResizeEvent*) {
  const QRect area = frameArea();
  m_scroll->setGeometry(area.left(), height() - kScrollHeight, area.width(), kScrollHeight);
  m_fitButton->setGeometry(2, 0, 40, kRulerHeight + kDamageHeight);
  rangeChanged();
}

// --- painting ---

void Timeline::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (m_range.total <= 0) return;
  const double perFrame = pixelsPerFrame();
  const int first = std::max(0, int(std::floor(m_range.start)));
  const int last = std::min(m_range.total - 1, int(std::ceil(m_range.end())));
  // Runs closer than a pixel are one rectangle: a zoomed-out lane costs its width, not its
  // frame count.
  const int joinGap = std::max(1, int(std::ceil(1.0 / perFrame)));
  painter.setClipRect(QRect(kHeaderWidth, 0, frameArea().width(), height()));
  paintRuler(painter, first, last);
  paintDamage(painter, first, last, joinGap);
  painter.setClipping(false);
  const auto& lanes = m_lanes.lanes();
  if (lanes.empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(laneRect(0).adjusted(4, 0, 0, 0), Qt::AlignVCenter,
                     tr("Objects appear here once they are clicked"));
  }
  for (size_t index = 0; index < lanes.size(); ++index) {
    paintLane(painter, lanes[index], laneRect(int(index)), first, last, joinGap);
    if (m_review == nullptr) continue;
    // The strip spans the visible frames exactly as the lane's cells do.
    const QRect strip = stripRect(int(index));
    const int left = int(std::floor(xOfFrame(first)));
    const int right = int(std::ceil(xOfFrame(last + 1)));
    painter.save();
    painter.setClipRect(strip);
    painter.fillRect(strip, palette().base());
    paintConfidenceStrip(painter, QRect(left, strip.top(), right - left, strip.height()),
                         m_review->series(lanes[index].objectId), first, last, m_thresholds);
    painter.restore();
  }

  // The cursor: 2 px from the left edge of the current frame's cell.
  const int x = int(std::floor(xOfFrame(m_current)));
  if (x >= kHeaderWidth - 1 && x <= frameArea().right() + 1)
    painter.fillRect(QRect(x, 0, 2, frameArea().height()), kCursorColor);
}

void Timeline::paintRuler(QPainter& painter, int first, int last) {
  const double perFrame = pixelsPerFrame();
  // The smallest of 1, 2, 5, 10, 20, 50, ... frames that leaves room for a label.
  int step = 1;
  for (int decade = 1; step * perFrame < 56; decade *= 10) {
    for (const int multiple : {1, 2, 5}) {
      step = multiple * decade;
      if (step * perFrame >= 56) break;
    }
  }
  painter.setPen(palette().color(QPalette::WindowText));
  QFont font = painter.font();
  font.setPixelSize(10);
  painter.setFont(font);
  for (int frame = first - first % step; frame <= last; frame += step) {
    const double x = xOfFrame(frame);
    painter.drawLine(QPointF(x, kRulerHeight - 5), QPointF(x, kRulerHeight));
    painter.drawText(QPointF(x + 2, kRulerHeight - 5), QString::number(frame));
  }
}

void Timeline::paintRuns(QPainter& painter, const std::vector<uint8_t>& marks, uint8_t mark,
                         int first, int last, int joinGap, int top, int height, const QColor& color,
                         int minWidth) {
  TimelineLanes::forEachRun(marks, mark, first, last, joinGap, [&](int begin, int end) {
    // Whole pixels, covering every pixel the run touches: a thin run is never lost.
    const int left = int(std::floor(xOfFrame(begin)));
    const int right = int(std::ceil(xOfFrame(end)));
    painter.fillRect(QRect(left, top, std::max(minWidth, right - left), height), color);
  });
}

void Timeline::paintDamage(QPainter& painter, int first, int last, int joinGap) {
  if (m_damaged.isEmpty()) return;
  const QRect strip = damageStrip();
  paintRuns(painter, m_damageMarks, 1, first, last, joinGap, strip.top(), strip.height(),
            kDamageColor, 3);
}

void Timeline::paintLane(QPainter& painter, const TimelineLane& lane, const QRect& rect, int first,
                         int last, int joinGap) {
  // Header: colour swatch and name; the active object's name is bold on a highlight.
  const bool active = lane.objectId == m_active;
  if (active)
    painter.fillRect(QRect(0, rect.top() - 1, kHeaderWidth - 2, rect.height() + 2),
                     palette().highlight().color().lighter(170));
  const QRect swatch(4, rect.top() + 1, 10, std::max(4, rect.height() - 2));
  painter.fillRect(swatch, lane.color);
  QFont font = painter.font();
  font.setPixelSize(std::clamp(rect.height() - 2, 7, 11));
  font.setBold(active);
  painter.setFont(font);
  painter.setPen(
      palette().color(lane.visible ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
  const QRect nameRect(18, rect.top() - 2, kHeaderWidth - 22, rect.height() + 4);
  painter.drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                   painter.fontMetrics().elidedText(lane.name, Qt::ElideRight, nameRect.width()));

  painter.save();
  painter.setClipRect(rect);
  painter.fillRect(rect, palette().base());
  QColor tracked = lane.color;
  if (!lane.visible) tracked.setAlpha(90);  // hidden in the view: dimmed here
  paintRuns(painter, lane.marks, kTracked, first, last, joinGap, rect.top(), rect.height(), tracked,
            1);
  // Edited (painted or imported) frames: a dark stripe along the lane's bottom third.
  const int stripe = std::max(2, rect.height() / 3);
  paintRuns(painter, lane.marks, kEdited, first, last, joinGap, rect.bottom() + 1 - stripe, stripe,
            lane.color.darker(260), 1);
  paintRuns(painter, lane.marks, kPrompted, first, last, joinGap, rect.top(), rect.height(),
            kPromptColor, 2);
  painter.restore();
}

// --- interaction ---

QString Timeline::toolTipAt(const QPoint& pos) const {
  if (m_range.total <= 0) return {};
  const int lane = laneAt(pos.y());
  if (pos.x() < kHeaderWidth) {
    if (lane < 0) return {};
    const TimelineLane& found = m_lanes.lanes()[size_t(lane)];
    return tr("%1 — click to make it the active object").arg(found.name);
  }
  const int frame = frameAtX(pos.x());
  if (pos.y() < kLanesTop) {
    // The nearest damaged frame within a few pixels (a marker is at least 3 px wide).
    const int reach = std::max(0, int(std::ceil(3.0 / pixelsPerFrame())));
    const auto near = std::lower_bound(m_damaged.begin(), m_damaged.end(), frame - reach);
    if (near != m_damaged.end() && *near <= frame + reach)
      return tr("frame %1: damaged in the video file").arg(*near);
    return tr("frame %1").arg(frame);
  }
  if (lane < 0) return {};
  const TimelineLane& found = m_lanes.lanes()[size_t(lane)];
  const uint8_t marks = found.marks[size_t(frame)];
  QStringList what;
  if (marks & kTracked) what << tr("tracked");
  if (marks & kPrompted) what << tr("prompted");
  if (marks & kEdited) what << tr("edited");
  if (what.isEmpty()) what << tr("no mask");
  const QString text = tr("%1, frame %2: %3").arg(found.name).arg(frame).arg(what.join(", "));
  if (m_review == nullptr) return text;
  return text + '\n' + confidenceTooltip(m_review->series(found.objectId), frame, m_thresholds);
}

bool Timeline::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) {
      QToolTip::hideText();
      event->ignore();
    } else {
      QToolTip::showText(help->globalPos(), text, this);
    }
    return true;
  }
  return QWidget::event(event);
}

void Timeline::mousePressEvent(QMouseEvent* event) {
  if (m_range.total <= 0) return;
  const QPointF pos = event->position();
  if (event->button() == Qt::MiddleButton) {
    m_panning = true;
    m_panAnchorX = pos.x();
    m_panAnchorStart = m_range.start;
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  if (pos.x() < kHeaderWidth) {
    const int lane = laneAt(int(pos.y()));
    if (lane >= 0) Q_EMIT objectActivated(m_lanes.lanes()[size_t(lane)].objectId);
    return;
  }
  m_seeking = true;
  Q_EMIT frameRequested(frameAtX(pos.x()));
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
  const double x = event->position().x();
  if (m_panning) {
    m_range.scrollTo(m_panAnchorStart - (x - m_panAnchorX) / pixelsPerFrame());
    rangeChanged();
    return;
  }
  if (!m_seeking || !(event->buttons() & Qt::LeftButton)) return;
  // Dragging past an edge of a zoomed timeline scrolls it along.
  const QRect area = frameArea();
  if (m_range.zoomed() && (x < area.left() || x > area.right())) {
    const double beyond = x < area.left() ? x - area.left() : x - area.right();
    m_range.scrollTo(m_range.start + beyond / pixelsPerFrame());
    rangeChanged();
  }
  Q_EMIT frameRequested(frameAtX(std::clamp<double>(x, area.left(), area.right())));
}

void Timeline::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::MiddleButton) m_panning = false;
  if (event->button() == Qt::LeftButton) m_seeking = false;
}

void Timeline::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && event->position().y() < kLanesTop &&
      event->position().x() >= kHeaderWidth) {
    fitAll();
    return;
  }
  mousePressEvent(event);
}

void Timeline::wheelEvent(QWheelEvent* event) {
  if (m_range.total <= 0) return;
  const QPoint delta = event->angleDelta();
  const bool horizontal = std::abs(delta.x()) > std::abs(delta.y());
  if (horizontal || (event->modifiers() & Qt::ShiftModifier)) {
    const int notches = horizontal ? delta.x() : delta.y();
    m_range.scrollTo(m_range.start - notches / 120.0 * m_range.frames * 0.1);
    rangeChanged();
  } else {
    // Plain wheel and Ctrl+wheel both zoom around the mouse.
    zoomAt(event->position().x(), std::pow(kZoomStep, delta.y() / 120.0));
  }
  event->accept();
}

}  // namespace masklet::ui
