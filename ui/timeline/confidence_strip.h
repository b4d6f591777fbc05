#pragma once
// Review assist in a timeline lane: one object's frames coloured by confidence (sure /
// doubtful / lost / untracked; doubtful frames a reviewer checked in their own colour), drawn
// as runs of equal frames so a long video costs a rectangle per change, not per frame. The
// timeline owner calls paintConfidenceStrip in each lane's paint and confidenceTooltip for the
// frame under the mouse. GUI thread.
#include <QColor>
#include <QRect>
#include <QString>
#include <vector>

#include "project/review_signals.h"

class QPainter;

namespace masklet::ui {

// How a frame is shown: its review state, or Checked for a doubtful frame a reviewer accepted.
enum class StripClass { Sure, Doubtful, Lost, Untracked, Checked };
QColor stripColor(StripClass cls);
StripClass stripClass(const project::FrameSignals* signals,
                      const project::ReviewThresholds& thresholds);

struct StripRun {
  int first = 0;  // frames, inclusive
  int last = 0;
  StripClass cls = StripClass::Untracked;
};
// Maximal runs of equal class over frames [firstFrame, lastFrame] (empty if last < first).
std::vector<StripRun> stripRuns(const project::SignalSeries& series, int firstFrame, int lastFrame,
                                const project::ReviewThresholds& thresholds);

// Paints frames [firstFrame, lastFrame] over the width of `rect`: frame f covers
// [left + (f - first) * w / n, left + (f - first + 1) * w / n), n = the frame count.
void paintConfidenceStrip(QPainter& painter, const QRect& rect, const project::SignalSeries& series,
                          int firstFrame, int lastFrame,
                          const project::ReviewThresholds& thresholds);

// "Frame 12: doubtful" and the numbers (object score, predicted IoU, area, IoU with the previous
// mask, checked), one per line; "Frame 12: not tracked" without a mask.
QString confidenceTooltip(const project::SignalSeries& series, int frame,
                          const project::ReviewThresholds& thresholds);

}  // namespace masklet::ui
