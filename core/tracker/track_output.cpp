#include "tracker/track_output.h"

#include <atomic>
#include <string>

#include "common/error.h"

namespace masklet::tracker {

int64_t BackboneFeatures::batchSize() const {
  if (vision_feats.empty()) throw Error("BackboneFeatures: no feature levels (empty features)");
  return vision_feats.back().size(1);
}

BackboneFeatures BackboneFeatures::expand(int64_t batchSize) const {
  const int64_t current = this->batchSize();
  if (batchSize < 1)
    throw Error("BackboneFeatures::expand: batch size must be at least 1, got " +
                std::to_string(batchSize));
  if (current == batchSize) return *this;
  if (current != 1)
    throw Error("BackboneFeatures::expand: can only expand features of one image (batch 1), got " +
                std::to_string(current));
  BackboneFeatures out;
  out.feat_sizes = feat_sizes;
  for (const auto& x : vision_feats) out.vision_feats.push_back(x.expand({-1, batchSize, -1}));
  for (const auto& x : vision_pos_embeds)
    out.vision_pos_embeds.push_back(x.expand({-1, batchSize, -1}));
  return out;
}

uint64_t nextOutputGeneration() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace masklet::tracker
