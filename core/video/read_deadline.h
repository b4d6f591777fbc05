#pragma once
// A time limit for each blocking libavformat call (open, probe, read, seek), through
// AVFormatContext.interrupt_callback: a file on a stalled network mount or a demuxer spinning on
// a damaged file gives up after `seconds` without finishing one call instead of hanging.
// Thread-safety: used by the thread that owns the demuxer.
extern "C" {
#include <libavformat/avformat.h>
}

#include <chrono>

namespace masklet::video {

class ReadDeadline {
 public:
  explicit ReadDeadline(double seconds);

  // A call starts now: it may take up to seconds().
  void arm();
  // The last armed call was interrupted by the limit.
  bool expired() const;
  double seconds() const { return m_seconds; }
  // For AVFormatContext.interrupt_callback (points at this object: keep it alive and in place).
  AVIOInterruptCB callback();

 private:
  static int interrupt(void* self);

  double m_seconds;
  std::chrono::steady_clock::time_point m_deadline;
};

}  // namespace masklet::video
