#include "dataset/stability_score.h"

#include <cstdint>

namespace masklet::dataset {

double stabilityScore(const float* logits, std::size_t count, float threshold, float offset) {
  const float high = threshold + offset;
  const float low = threshold - offset;
  std::uint64_t intersection = 0, unionCount = 0;
  for (std::size_t i = 0; i < count; ++i) {
    intersection += logits[i] > high ? 1 : 0;
    unionCount += logits[i] > low ? 1 : 0;
  }
  return unionCount == 0 ? 0.0
                         : static_cast<double>(intersection) / static_cast<double>(unionCount);
}

}  // namespace masklet::dataset
