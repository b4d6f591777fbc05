#pragma once
// Box non-maximum suppression with torchvision's semantics (ops.nms / ops.batched_nms, CPU
// kernel): boxes visited by score, highest first (stable among equal scores), a box dropped when
// its IoU with a kept one is above the threshold, IoU in float32 without the +1 pixel
// convention. The generator's NMS within a crop and across crops both use one category, where
// batched_nms is nms; categories are kept for the general call.
#include <array>
#include <cstdint>
#include <vector>

namespace masklet::tracker {

// Indices of the kept boxes, by decreasing score (ties in input order). Boxes (x0, y0, x1, y1).
std::vector<int64_t> nms(const std::vector<std::array<float, 4>>& boxes,
                         const std::vector<float>& scores, double iouThreshold);
// batched_nms: boxes of different categories never suppress each other; kept indices by
// decreasing score.
std::vector<int64_t> batchedNms(const std::vector<std::array<float, 4>>& boxes,
                                const std::vector<float>& scores,
                                const std::vector<int64_t>& categories, double iouThreshold);

}  // namespace masklet::tracker
