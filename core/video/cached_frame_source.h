#pragma once
// Any FrameSource behind an LRU frame cache and a prefetch thread: after a request for frame n
// the thread decodes the next frames in the direction of travel (n+1, n+2, ... or n-1, n-2, ...)
// while the caller works on n (propagation, playback).
// Thread-safety: every public method may be called from any thread. The wrapped source is only
// ever used under one mutex (it is not thread-safe itself). Frames returned share their pixels
// with the cache: treat them as read-only (clone before drawing on them).
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "video/frame_cache.h"
#include "video/frame_source.h"

namespace masklet::video {

struct CacheOptions {
  size_t maxBytes = size_t{1} << 30;  // 1 GiB of RGB frames (~180 frames at 1080p)
  int prefetchAhead = 8;              // frames decoded ahead; 0 disables the prefetch thread
};

class CachedFrameSource final : public FrameSource {
 public:
  explicit CachedFrameSource(FrameSourcePtr source, CacheOptions options = {});
  ~CachedFrameSource() override;  // stops and joins the prefetch thread
  CachedFrameSource(const CachedFrameSource&) = delete;
  CachedFrameSource& operator=(const CachedFrameSource&) = delete;

  int64_t frameCount() const override { return m_frameCount; }
  int width() const override { return m_width; }
  int height() const override { return m_height; }
  double fps() const override { return m_fps; }
  Frame frame(int64_t index) override;
  double timeOfFrame(int64_t index) const override;
  int64_t frameAtTime(double seconds) const override;
  std::string describe() const override;
  // What the wrapped source knew after its latest decode (never waits for a decode in progress).
  std::vector<int> damagedFrames() const override;

  // Stops prefetching for good (e.g. before the app quits); frame() keeps working.
  void stopPrefetch();
  // Whether frame `index` is in the cache now (for tests and the timeline's cache bar).
  bool isCached(int64_t index) const;
  // Frames decoded by the prefetch thread so far.
  int64_t prefetchedCount() const { return m_prefetched.load(); }

 private:
  void prefetchLoop();
  int64_t nextToPrefetch() const;     // requires m_stateMutex; -1 when nothing to do
  Frame decodeLocked(int64_t index);  // requires m_sourceMutex

  FrameSourcePtr m_source;
  const CacheOptions m_options;
  const int64_t m_frameCount;
  const int m_width;
  const int m_height;
  const double m_fps;

  mutable std::mutex m_sourceMutex;  // guards m_source (decoding)
  mutable std::mutex m_stateMutex;   // guards m_cache, m_damaged, m_lastRequest, ..., m_stop
  std::condition_variable m_wake;
  FrameCache m_cache;
  std::vector<int> m_damaged;
  int64_t m_lastRequest = -1;
  int m_direction = 1;
  bool m_stop = false;
  std::atomic<int64_t> m_prefetched{0};
  std::thread m_thread;
};

}  // namespace masklet::video
