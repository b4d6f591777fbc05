#pragma once
// The memory-conditioned features of each (object, frame, direction) made while tracking —
// the memory attention's output, the most expensive step after the image encoder — kept with
// the identity of the memories they came from. A prompt on a tracked frame that attends to
// exactly the same memories (same outputs at the same temporal positions: the signature)
// then runs the decoder only; when any of those memories changed, the entry does not match
// and the features are computed again. Bounded in RAM; beyond that, spilled to a bounded disk
// store. Values come back bit for bit, so results are identical with and without the cache.
// Thread-safety: used by the session's thread only.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "tracker/disk_tensor_store.h"

namespace masklet::tracker {

class ConditionedFeatureCache {
 public:
  ConditionedFeatureCache(std::size_t ramBytes, std::size_t diskBytes, std::string diskFolder = {});

  // The features stored for (object, frame, reverse) if they were made from `signature`.
  std::optional<torch::Tensor> find(int64_t object, int64_t frame, bool reverse,
                                    const std::vector<int64_t>& signature,
                                    const torch::Device& device);
  void store(int64_t object, int64_t frame, bool reverse, const std::vector<int64_t>& signature,
             const torch::Tensor& features);
  void dropObject(int64_t object);
  void clear();
  void setBudgets(std::size_t ramBytes, std::size_t diskBytes);

  std::size_t ramBytes() const { return m_ramBytes; }
  std::size_t diskBytes() const { return m_disk.bytes(); }
  std::size_t entries() const { return m_entries.size(); }
  int64_t hits() const { return m_hits; }
  int64_t misses() const { return m_misses; }

 private:
  using Key = std::tuple<int64_t, int64_t, bool>;
  struct Entry {
    std::vector<int64_t> signature;
    torch::Tensor features;
    std::list<Key>::iterator position;  // in m_order
  };
  static std::string diskKey(const Key& key);
  std::map<Key, Entry>::iterator removeEntry(std::map<Key, Entry>::iterator it);
  void evictToBudget();

  std::size_t m_ramBudget;
  std::size_t m_ramBytes = 0;
  std::list<Key> m_order;  // most recently used first
  std::map<Key, Entry> m_entries;
  DiskTensorStore m_disk;
  int64_t m_hits = 0;
  int64_t m_misses = 0;
};

}  // namespace masklet::tracker
