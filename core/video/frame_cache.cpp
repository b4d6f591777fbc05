#include "video/frame_cache.h"

namespace masklet::video {

std::optional<Frame> FrameCache::get(int64_t index) {
  const auto found = m_entries.find(index);
  if (found == m_entries.end()) return std::nullopt;
  m_order.splice(m_order.begin(), m_order, found->second.position);
  return found->second.frame;
}

void FrameCache::put(const Frame& frame) {
  const auto found = m_entries.find(frame.index);
  if (found != m_entries.end()) {
    m_bytes -= bytesOf(found->second.frame);
    m_order.erase(found->second.position);
    m_entries.erase(found);
  }
  m_order.push_front(frame.index);
  m_entries.emplace(frame.index, Entry{frame, m_order.begin()});
  m_bytes += bytesOf(frame);
  while (m_bytes > m_maxBytes && m_order.size() > 1) {
    const int64_t oldest = m_order.back();
    m_order.pop_back();
    const auto victim = m_entries.find(oldest);
    m_bytes -= bytesOf(victim->second.frame);
    m_entries.erase(victim);
  }
}

void FrameCache::clear() {
  m_entries.clear();
  m_order.clear();
  m_bytes = 0;
}

}  // namespace masklet::video
