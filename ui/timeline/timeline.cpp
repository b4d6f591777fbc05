// The timeline's state and geometry: objects and their marks, the damaged frames, the current
// and active ones, and the visible range with its scroll bar. Painting and mouse input are
// timeline_paint.cpp and timeline_input.cpp.
#include "ui/timeline/timeline.h"

#include <QScrollBar>
#include <QToolButton>
#include <algorithm>
#include <cmath>

#include "ui/timeline/timeline_layout.h"

namespace masklet::ui {
using namespace timeline_layout;
namespace {
constexpr double kMaxPixelsPerFrame = 24;  // the deepest zoom
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

}  // namespace masklet::ui
