#include "tracker/feature_cache.h"

#include <optional>
#include <string>
#include <utility>

#include "common/error.h"

namespace masklet::tracker {

FeatureCache::FeatureCache(std::size_t capacity, std::size_t diskBytes, std::string diskFolder)
    : m_capacity(capacity), m_disk(diskBytes, std::move(diskFolder)) {
  if (capacity == 0) throw Error("the image feature cache needs room for at least 1 frame");
}

BackboneFeatures FeatureCache::get(int64_t frame, const Encoder& encode) {
  if (auto it = m_entries.find(frame); it != m_entries.end()) {
    ++m_hits;
    m_order.splice(m_order.begin(), m_order, it->second.position);
    return it->second.features;
  }
  BackboneFeatures features;
  std::optional<std::vector<torch::Tensor>> spilled;
  if (m_disk.enabled() && !m_sharedPosEmbeds.empty())
    spilled = m_disk.get(std::to_string(frame), m_sharedPosEmbeds.front().device());
  if (spilled && spilled->size() == m_sharedPosEmbeds.size()) {
    ++m_diskHits;
    features.vision_feats = std::move(*spilled);
    features.vision_pos_embeds = m_sharedPosEmbeds;
    features.feat_sizes = m_featSizes;
  } else {
    ++m_misses;
    features = encode(frame);
    sharePositionEncodings(features);
  }
  m_order.push_front(frame);
  m_entries[frame] = Entry{features, m_order.begin()};
  evictToCapacity();
  return features;
}

void FeatureCache::setCapacity(std::size_t capacity) {
  if (capacity == 0) throw Error("the image feature cache needs room for at least 1 frame");
  m_capacity = capacity;
  evictToCapacity();
}

void FeatureCache::clear() {
  m_disk.clear();
  m_entries.clear();
  m_order.clear();
}

void FeatureCache::evictToCapacity() {
  while (m_entries.size() > m_capacity) {
    if (m_disk.enabled())
      m_disk.put(std::to_string(m_order.back()),
                 m_entries.at(m_order.back()).features.vision_feats);
    m_entries.erase(m_order.back());
    m_order.pop_back();
  }
}

void FeatureCache::sharePositionEncodings(BackboneFeatures& features) {
  const auto& pos = features.vision_pos_embeds;
  bool same = m_sharedPosEmbeds.size() == pos.size();
  for (std::size_t i = 0; same && i < pos.size(); ++i)
    same = m_sharedPosEmbeds[i].sizes() == pos[i].sizes() &&
           m_sharedPosEmbeds[i].dtype() == pos[i].dtype();
  if (same) {
    features.vision_pos_embeds = m_sharedPosEmbeds;
  } else {
    m_sharedPosEmbeds = pos;
    m_featSizes = features.feat_sizes;
    m_disk.clear();  // spilled frames of another geometry
  }
}

}  // namespace masklet::tracker
