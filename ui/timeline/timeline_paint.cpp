// The timeline's painting: the ruler, the damaged-frame strip, one lane per object (tracked,
// edited and prompted frames as runs, its confidence strip) and the current-frame cursor.
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ui/timeline/confidence_strip.h"
#include "ui/timeline/timeline.h"
#include "ui/timeline/timeline_layout.h"

namespace masklet::ui {
using namespace timeline_layout;
namespace {
const QColor kDamageColor(245, 150, 0);
const QColor kPromptColor(25, 25, 25);
const QColor kCursorColor(230, 40, 40);
}  // namespace

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

}  // namespace masklet::ui
