#include "video/cached_frame_source.h"

#include <algorithm>

#include "common/error.h"

namespace masklet::video {

CachedFrameSource::CachedFrameSource(FrameSourcePtr source, CacheOptions options)
    : m_source(std::move(source)),
      m_options(options),
      m_frameCount(m_source ? m_source->frameCount() : 0),
      m_width(m_source ? m_source->width() : 0),
      m_height(m_source ? m_source->height() : 0),
      m_fps(m_source ? m_source->fps() : 0.0),
      m_cache(options.maxBytes) {
  if (!m_source) throw Error("CachedFrameSource needs a frame source");
  // Reading backwards, keep what the source decodes on its way to each frame (called under
  // m_sourceMutex, like every use of m_source).
  const size_t frameBytes = static_cast<size_t>(std::max(1, m_width * m_height * 3));
  const auto window = static_cast<int>(
      std::min<size_t>(120, std::max<size_t>(1, options.maxBytes / frameBytes / 2)));
  m_source->setPassingFrameSink(
      [this](const Frame& passing) {
        std::lock_guard<std::mutex> lock(m_stateMutex);
        if (m_direction < 0 && !m_cache.contains(passing.index)) m_cache.put(passing);
      },
      window);
  if (m_options.prefetchAhead > 0) m_thread = std::thread([this] { prefetchLoop(); });
}

CachedFrameSource::~CachedFrameSource() {
  stopPrefetch();
  m_source->setPassingFrameSink({}, 0);
}

void CachedFrameSource::stopPrefetch() {
  {
    std::lock_guard<std::mutex> lock(m_stateMutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

Frame CachedFrameSource::frame(int64_t index) {
  {
    std::lock_guard<std::mutex> lock(m_stateMutex);
    if (m_lastRequest >= 0 && index != m_lastRequest) m_direction = index > m_lastRequest ? 1 : -1;
    m_lastRequest = index;
    if (auto cached = m_cache.get(index)) {
      m_wake.notify_all();
      return *cached;
    }
  }
  Frame decoded;
  {
    // The prefetch thread may be decoding this very frame: wait for it, then look again.
    std::lock_guard<std::mutex> sourceLock(m_sourceMutex);
    {
      std::lock_guard<std::mutex> lock(m_stateMutex);
      if (auto cached = m_cache.get(index)) {
        m_wake.notify_all();
        return *cached;
      }
    }
    decoded = decodeLocked(index);
  }
  {
    std::lock_guard<std::mutex> lock(m_stateMutex);
    m_cache.put(decoded);
  }
  m_wake.notify_all();
  return decoded;
}

Frame CachedFrameSource::decodeLocked(int64_t index) {
  // The damage list is copied after every decode, failed ones included, so readers of
  // damagedFrames() never wait for the decoder.
  const auto copyDamage = [this] {
    std::vector<int> damaged = m_source->damagedFrames();
    std::lock_guard<std::mutex> lock(m_stateMutex);
    m_damaged.swap(damaged);
  };
  try {
    Frame decoded = m_source->frame(index);
    copyDamage();
    return decoded;
  } catch (...) {
    copyDamage();
    throw;
  }
}

std::vector<int> CachedFrameSource::damagedFrames() const {
  std::lock_guard<std::mutex> lock(m_stateMutex);
  return m_damaged;
}

int64_t CachedFrameSource::nextToPrefetch() const {
  if (m_lastRequest < 0) return -1;
  for (int step = 1; step <= m_options.prefetchAhead; ++step) {
    const int64_t index = m_lastRequest + step * m_direction;
    if (index < 0 || index >= m_frameCount) return -1;
    if (!m_cache.contains(index)) return index;
  }
  return -1;
}

void CachedFrameSource::prefetchLoop() {
  while (true) {
    int64_t index = -1;
    {
      std::unique_lock<std::mutex> lock(m_stateMutex);
      m_wake.wait(lock, [&] { return m_stop || (index = nextToPrefetch()) >= 0; });
      if (m_stop) return;
    }
    Frame decoded;
    try {
      std::lock_guard<std::mutex> sourceLock(m_sourceMutex);
      {
        std::lock_guard<std::mutex> lock(m_stateMutex);
        if (m_stop) return;
        if (m_cache.contains(index)) continue;
      }
      decoded = decodeLocked(index);
    } catch (const std::exception&) {
      // A frame that cannot be decoded: the caller gets the error when it asks for it. Stop
      // prefetching in this direction until the next request.
      std::lock_guard<std::mutex> lock(m_stateMutex);
      m_lastRequest = -1;
      continue;
    }
    std::lock_guard<std::mutex> lock(m_stateMutex);
    m_cache.put(decoded);
    ++m_prefetched;
  }
}

bool CachedFrameSource::isCached(int64_t index) const {
  std::lock_guard<std::mutex> lock(m_stateMutex);
  return m_cache.contains(index);
}

double CachedFrameSource::timeOfFrame(int64_t index) const {
  std::lock_guard<std::mutex> lock(m_sourceMutex);
  return m_source->timeOfFrame(index);
}

int64_t CachedFrameSource::frameAtTime(double seconds) const {
  std::lock_guard<std::mutex> lock(m_sourceMutex);
  return m_source->frameAtTime(seconds);
}

std::string CachedFrameSource::describe() const {
  std::lock_guard<std::mutex> lock(m_sourceMutex);
  return m_source->describe();
}

}  // namespace masklet::video
