#pragma once
// SAM's stability score of a predicted mask: the IoU between the mask thresholded at
// threshold + offset and at threshold - offset of its logits (sam2/utils/amg.py
// calculate_stability_score; SAM uses threshold 0 and offset 1).
#include <cstddef>

namespace masklet::dataset {

// `logits` holds `count` values (one mask, any layout). The high mask lies inside the low one,
// so the IoU is count(> t + o) / count(> t - o). Returns 0 when no logit exceeds t - o (SAM
// divides 0 by 0 there; 0 keeps such a mask at the bottom of any ranking).
double stabilityScore(const float* logits, std::size_t count, float threshold = 0.0f,
                      float offset = 1.0f);

}  // namespace masklet::dataset
