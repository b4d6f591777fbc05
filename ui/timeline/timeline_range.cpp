#include "ui/timeline/timeline_range.h"

#include <algorithm>

namespace masklet::ui {

void TimelineRange::setTotal(int frameCount) {
  total = std::max(0, frameCount);
  fitAll();
}

void TimelineRange::fitAll() {
  start = 0.0;
  frames = std::max(1, total);
}

void TimelineRange::clamp() {
  const double all = std::max(1, total);
  frames = std::clamp(frames, std::min(all, std::max(1.0, minFrames)), all);
  start = std::clamp(start, 0.0, all - frames);
}

void TimelineRange::zoomAround(double position, double factor) {
  if (factor <= 0.0) return;
  const double before = frames;
  frames = before / factor;
  clamp();
  // The fraction of the window left of `position` stays the same.
  start = position - (position - start) * (frames / before);
  clamp();
}

void TimelineRange::scrollTo(double newStart) {
  start = newStart;
  clamp();
}

bool TimelineRange::ensureVisible(int frame, double margin) {
  const double edge = frames * margin;
  const double oldStart = start;
  // Paging (rather than scrolling frame by frame) keeps the lanes still while the cursor
  // crosses the window during playback or tracking.
  if (frame + 1 > end() - edge) {
    start = frame - frames * 0.1;
  } else if (frame < start + edge) {
    start = frame + 1 - frames * 0.9;
  }
  clamp();
  return start != oldStart;
}

}  // namespace masklet::ui
