#include "tracker/conditioned_feature_cache.h"

#include <algorithm>

namespace masklet::tracker {

ConditionedFeatureCache::ConditionedFeatureCache(std::size_t ramBytes, std::size_t diskBytes,
                                                 std::string diskFolder)
    : m_ramBudget(ramBytes), m_disk(diskBytes, std::move(diskFolder)) {}

std::string ConditionedFeatureCache::diskKey(const Key& key) {
  return std::to_string(std::get<0>(key)) + ":" + std::to_string(std::get<1>(key)) +
         (std::get<2>(key) ? ":r" : ":f");
}

std::optional<torch::Tensor> ConditionedFeatureCache::find(int64_t object, int64_t frame,
                                                           bool reverse,
                                                           const std::vector<int64_t>& signature,
                                                           const torch::Device& device) {
  const Key key{object, frame, reverse};
  if (auto it = m_entries.find(key); it != m_entries.end()) {
    if (it->second.signature == signature) {
      ++m_hits;
      m_order.splice(m_order.begin(), m_order, it->second.position);
      return it->second.features;
    }
  } else if (auto spilled = m_disk.get(diskKey(key), device)) {
    // Stored as {features, signature}.
    const auto& sig = spilled->back();
    if (spilled->size() == 2 && sig.numel() == static_cast<int64_t>(signature.size()) &&
        std::equal(signature.begin(), signature.end(), sig.data_ptr<int64_t>())) {
      ++m_hits;
      return spilled->front();
    }
  }
  ++m_misses;
  return std::nullopt;
}

void ConditionedFeatureCache::store(int64_t object, int64_t frame, bool reverse,
                                    const std::vector<int64_t>& signature,
                                    const torch::Tensor& features) {
  const Key key{object, frame, reverse};
  if (auto it = m_entries.find(key); it != m_entries.end()) removeEntry(it);
  m_disk.erase(diskKey(key));
  m_order.push_front(key);
  m_entries[key] = Entry{signature, features, m_order.begin()};
  m_ramBytes += features.nbytes();
  evictToBudget();
}

void ConditionedFeatureCache::evictToBudget() {
  while (m_ramBytes > m_ramBudget && !m_order.empty()) {
    const Key key = m_order.back();
    auto it = m_entries.find(key);
    if (m_disk.enabled()) {
      const auto sig = torch::tensor(it->second.signature, torch::kLong);
      m_disk.put(diskKey(key), {it->second.features, sig});
    }
    m_ramBytes -= it->second.features.nbytes();
    m_entries.erase(it);
    m_order.pop_back();
  }
}

std::map<ConditionedFeatureCache::Key, ConditionedFeatureCache::Entry>::iterator
ConditionedFeatureCache::removeEntry(std::map<Key, Entry>::iterator it) {
  m_ramBytes -= it->second.features.nbytes();
  m_order.erase(it->second.position);
  return m_entries.erase(it);
}

void ConditionedFeatureCache::dropObject(int64_t object) {
  for (auto it = m_entries.begin(); it != m_entries.end();) {
    if (std::get<0>(it->first) == object)
      it = removeEntry(it);
    else
      ++it;
  }
  // The disk tier is keyed by strings; clearing it all is simpler than finding the object's
  // entries, and costs only recomputation.
  m_disk.clear();
}

void ConditionedFeatureCache::clear() {
  m_entries.clear();
  m_order.clear();
  m_ramBytes = 0;
  m_disk.clear();
}

void ConditionedFeatureCache::setBudgets(std::size_t ramBytes, std::size_t diskBytes) {
  m_ramBudget = ramBytes;
  m_disk.setBudget(diskBytes);
  evictToBudget();
}

}  // namespace masklet::tracker
