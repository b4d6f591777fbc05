#pragma once
// How far a tracking run is and how long it will take: frames done, a smoothed frames/s and
// the time left. Pure arithmetic on the times it is given (no clock, no Qt widgets), so tests
// feed it synthetic timings. Not thread-safe; the GUI thread owns one.
#include <QString>
#include <optional>

namespace masklet::ui {

class TrackingProgress {
 public:
  // A new run starts at `nowSeconds`: everything measured before is forgotten.
  void start(double nowSeconds);
  // The run has `done` of `total` frames at `nowSeconds` (total <= 0: not known yet).
  void update(double nowSeconds, int done, int total);

  int done() const { return m_done; }
  int total() const { return m_total; }
  bool running() const { return m_started; }
  // Frames per second, smoothed over the last few seconds; nullopt before the first frame.
  std::optional<double> framesPerSecond() const;
  // Seconds until the last frame at the current rate; nullopt while rate or total are unknown.
  std::optional<double> secondsLeft() const;

  // The status-bar line, e.g. "12/40 frames · 3.1 frames/s · 0:09 left".
  QString text() const;

 private:
  bool m_started = false;
  double m_lastTime = 0.0;  // time of the newest sample that measured a rate
  int m_sampleDone = 0;     // frames done at m_lastTime
  int m_done = 0;
  int m_total = 0;
  double m_rate = 0.0;  // frames per second, exponentially smoothed
  bool m_haveRate = false;
};

// "0:09", "1:05", "1:02:03" (rounded up to whole seconds: the estimate never says 0 too early).
QString formatDuration(double seconds);

}  // namespace masklet::ui
