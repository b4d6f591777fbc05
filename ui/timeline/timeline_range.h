#pragma once
// The part of a video the timeline shows: a window of `frames` frames starting at `start`
// (fractional: zooming around the cursor keeps the frame under it in place). Frame f spans
// [f, f + 1) in these units. Pure arithmetic; not thread-safe.
namespace masklet::ui {

struct TimelineRange {
  int total = 0;            // frames in the video
  double start = 0.0;       // first visible frame position
  double frames = 1.0;      // visible frames
  double minFrames = 10.0;  // the deepest zoom (the widget sets it from its width)

  // A new video length: shows everything.
  void setTotal(int frameCount);
  void fitAll();
  bool zoomed() const { return frames < total - 1e-9; }
  double end() const { return start + frames; }
  // Zooms by `factor` (> 1 zooms in) keeping `position` (a frame position) where it is on
  // screen.
  void zoomAround(double position, double factor);
  void scrollTo(double newStart);
  // Scrolls the least needed so `frame` lies inside, `margin` (a fraction of the window) away
  // from the edges; moving past the right edge pages forward. Returns whether it scrolled.
  bool ensureVisible(int frame, double margin = 0.02);
  void clamp();
};

}  // namespace masklet::ui
