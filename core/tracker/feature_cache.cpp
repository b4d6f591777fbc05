#include "tracker/feature_cache.h"

#include "common/error.h"

namespace masklet::tracker {

FeatureCache::FeatureCache(std::size_t capacity) : m_capacity(capacity) {
  if (capacity == 0) throw Error("the image feature cache needs room for at least 1 frame");
}

BackboneFeatures FeatureCache::get(int64_t frame, const Encoder& encode) {
  if (auto it = m_entries.find(frame); it != m_entries.end()) {
    ++m_hits;
    m_order.splice(m_order.begin(), m_order, it->second.position);
    return it->second.features;
  }
  ++m_misses;
  BackboneFeatures features = encode(frame);
  sharePositionEncodings(features);
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
  m_entries.clear();
  m_order.clear();
}

void FeatureCache::evictToCapacity() {
  while (m_entries.size() > m_capacity) {
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
  if (same)
    features.vision_pos_embeds = m_sharedPosEmbeds;
  else
    m_sharedPosEmbeds = pos;
}

}  // namespace masklet::tracker
