#pragma once
// A least-recently-used store of decoded frames bounded by memory, so scrubbing back and forth
// and re-running propagation over the same frames does not decode them again.
// Thread-safety: none; CachedFrameSource guards it with its mutex.
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>

#include "video/frame_source.h"

namespace masklet::video {

class FrameCache {
 public:
  explicit FrameCache(size_t maxBytes) : m_maxBytes(maxBytes) {}

  // The frame (shares its pixels with the cache) and marks it most recently used.
  std::optional<Frame> get(int64_t index);
  bool contains(int64_t index) const { return m_entries.count(index) != 0; }
  // Stores the frame, evicting the least recently used ones beyond the byte budget (a single
  // frame larger than the budget is still kept until the next put).
  void put(const Frame& frame);
  void clear();

  size_t size() const { return m_entries.size(); }
  size_t bytes() const { return m_bytes; }
  size_t maxBytes() const { return m_maxBytes; }

 private:
  struct Entry {
    Frame frame;
    std::list<int64_t>::iterator position;
  };
  static size_t bytesOf(const Frame& frame) { return frame.rgb.total() * frame.rgb.elemSize(); }

  size_t m_maxBytes;
  size_t m_bytes = 0;
  std::list<int64_t> m_order;  // front: most recently used
  std::unordered_map<int64_t, Entry> m_entries;
};

}  // namespace masklet::video
