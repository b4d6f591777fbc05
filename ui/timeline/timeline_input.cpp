// The timeline's mouse input and tooltips: a click or drag seeks, a click on a lane's name
// activates the object, middle drag pans, the wheel scrolls or zooms, a double-click on the
// ruler fits the whole video.
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "ui/timeline/confidence_strip.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_layout.h"

namespace masklet::ui {
using namespace timeline_layout;
namespace {
constexpr double kZoomStep = 1.25;  // per wheel notch
}  // namespace

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
