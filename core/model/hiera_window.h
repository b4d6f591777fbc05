#pragma once
// sam2.modeling.backbones.utils window_partition / window_unpartition: split a channels-last
// token grid into non-overlapping square windows (zero-padding the bottom/right edge) and back.
#include <torch/torch.h>

#include <array>

namespace masklet::model {

struct WindowPartition {
  torch::Tensor windows;            // [B * numWindows, windowSize, windowSize, C]
  std::array<int64_t, 2> paddedHw;  // (Hp, Wp), the grid size after padding
};

// x: [B, H, W, C].
WindowPartition windowPartition(const torch::Tensor& x, int64_t windowSize);

// Inverse of windowPartition: windows -> [B, H, W, C], dropping the padding.
torch::Tensor windowUnpartition(const torch::Tensor& windows, int64_t windowSize,
                                const std::array<int64_t, 2>& paddedHw,
                                const std::array<int64_t, 2>& hw);

}  // namespace masklet::model
