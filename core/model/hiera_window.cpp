#include "model/hiera_window.h"

namespace masklet::model {

WindowPartition windowPartition(const torch::Tensor& x, int64_t windowSize) {
  TORCH_CHECK(x.dim() == 4, "windowPartition: expected [B, H, W, C], got ", x.sizes());
  TORCH_CHECK(windowSize > 0, "windowPartition: window size must be positive, got ", windowSize);
  const int64_t batch = x.size(0), height = x.size(1), width = x.size(2), channels = x.size(3);
  const int64_t padH = (windowSize - height % windowSize) % windowSize;
  const int64_t padW = (windowSize - width % windowSize) % windowSize;
  auto padded = x;
  if (padH > 0 || padW > 0) padded = torch::constant_pad_nd(x, {0, 0, 0, padW, 0, padH}, 0.0);
  const int64_t hp = height + padH, wp = width + padW;
  auto windows =
      padded.reshape({batch, hp / windowSize, windowSize, wp / windowSize, windowSize, channels})
          .permute({0, 1, 3, 2, 4, 5})
          .reshape({-1, windowSize, windowSize, channels});
  return {windows, {hp, wp}};
}

torch::Tensor windowUnpartition(const torch::Tensor& windows, int64_t windowSize,
                                const std::array<int64_t, 2>& paddedHw,
                                const std::array<int64_t, 2>& hw) {
  TORCH_CHECK(windowSize > 0, "windowUnpartition: window size must be positive, got ", windowSize);
  TORCH_CHECK(windows.dim() == 4 && windows.size(1) == windowSize && windows.size(2) == windowSize,
              "windowUnpartition: expected [N, ", windowSize, ", ", windowSize, ", C], got ",
              windows.sizes());
  const auto [hp, wp] = paddedHw;
  const auto [height, width] = hw;
  const int64_t perImage = hp * wp / windowSize / windowSize;
  TORCH_CHECK(perImage > 0 && windows.size(0) % perImage == 0,
              "windowUnpartition: ", windows.size(0), " windows do not tile a ", hp, "x", wp,
              " grid");
  const int64_t batch = windows.size(0) / perImage;
  auto x = windows.reshape({batch, hp / windowSize, wp / windowSize, windowSize, windowSize, -1})
               .permute({0, 1, 3, 2, 4, 5})
               .reshape({batch, hp, wp, -1});
  if (hp > height || wp > width) {
    using torch::indexing::Slice;
    x = x.index({Slice(), Slice(0, height), Slice(0, width), Slice()});
  }
  return x;
}

}  // namespace masklet::model
