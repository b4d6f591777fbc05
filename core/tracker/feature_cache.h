#pragma once
// A bounded least-recently-used cache of per-frame image features (the image encoder is by far
// the most expensive step, and users click the same frame repeatedly). The reference keeps
// only the last frame; Masklet keeps a configurable number so that going back and forth
// between a few frames stays fast, without ever holding the whole video's features. Frames
// dropped from RAM may be spilled to a bounded disk store and read back on a later visit
// (re-tracking after a correction) instead of being encoded again; values are kept exactly.
// Thread-safety: used by the session's thread only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracker/disk_tensor_store.h"
#include "tracker/track_output.h"

namespace masklet::tracker {

class FeatureCache {
 public:
  using Encoder = std::function<BackboneFeatures(int64_t frame)>;

  // Throws masklet::Error for a capacity of 0. diskBytes 0: no disk tier.
  explicit FeatureCache(std::size_t capacity, std::size_t diskBytes = 0,
                        std::string diskFolder = {});

  // The features of `frame` (batch 1): cached, or made by `encode` and cached, dropping the
  // least recently used frame when full. The position encodings depend only on the feature
  // map sizes, so all entries share one copy of them (they are most of the memory at the
  // highest resolution level).
  BackboneFeatures get(int64_t frame, const Encoder& encode);

  // In RAM (not counting the disk tier).
  bool contains(int64_t frame) const { return m_entries.count(frame) != 0; }
  std::size_t diskBytes() const { return m_disk.bytes(); }
  void setDiskBudget(std::size_t bytes) { m_disk.setBudget(bytes); }
  std::size_t size() const { return m_entries.size(); }
  std::size_t capacity() const { return m_capacity; }
  // Shrinking drops the least recently used frames. Throws masklet::Error for 0.
  void setCapacity(std::size_t capacity);
  void clear();

  int64_t hits() const { return m_hits; }
  int64_t misses() const { return m_misses; }
  int64_t diskHits() const { return m_diskHits; }

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
  std::vector<FeatSize> m_featSizes;  // of the shared position encodings
  DiskTensorStore m_disk;             // vision_feats of frames dropped from RAM
  int64_t m_diskHits = 0;
  int64_t m_hits = 0;
  int64_t m_misses = 0;
};

}  // namespace masklet::tracker
