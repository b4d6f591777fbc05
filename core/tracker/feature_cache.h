#pragma once
// A bounded least-recently-used cache of per-frame image features (the image encoder is by far
// the most expensive step, and users click the same frame repeatedly). The reference keeps
// only the last frame; Masklet keeps a configurable number so that going back and forth
// between a few frames stays fast, without ever holding the whole video's features.
// Thread-safety: used by the session's thread only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <unordered_map>
#include <vector>

#include "tracker/track_output.h"

namespace masklet::tracker {

class FeatureCache {
 public:
  using Encoder = std::function<BackboneFeatures(int64_t frame)>;

  // Throws masklet::Error for a capacity of 0.
  explicit FeatureCache(std::size_t capacity);

  // The features of `frame` (batch 1): cached, or made by `encode` and cached, dropping the
  // least recently used frame when full. The position encodings depend only on the feature
  // map sizes, so all entries share one copy of them (they are most of the memory at the
  // highest resolution level).
  BackboneFeatures get(int64_t frame, const Encoder& encode);

  bool contains(int64_t frame) const { return m_entries.count(frame) != 0; }
  std::size_t size() const { return m_entries.size(); }
  std::size_t capacity() const { return m_capacity; }
  // Shrinking drops the least recently used frames. Throws masklet::Error for 0.
  void setCapacity(std::size_t capacity);
  void clear();

  int64_t hits() const { return m_hits; }
  int64_t misses() const { return m_misses; }

 private:
  struct Entry {
    BackboneFeatures features;
    std::list<int64_t>::iterator position;  // in m_order
  };
  void evictToCapacity();
  void sharePositionEncodings(BackboneFeatures& features);

  std::size_t m_capacity;
  std::list<int64_t> m_order;  // most recently used first
  std::unordered_map<int64_t, Entry> m_entries;
  std::vector<torch::Tensor> m_sharedPosEmbeds;
  int64_t m_hits = 0;
  int64_t m_misses = 0;
};

}  // namespace masklet::tracker
