#pragma once
// sam2.modeling.backbones.utils.PatchEmbed: a strided conv from the image to Hiera's first
// token grid, returned channels-last.
#include <torch/torch.h>

#include <array>

namespace masklet::model {

struct PatchEmbedOptions {
  std::array<int64_t, 2> kernelSize{7, 7};
  std::array<int64_t, 2> stride{4, 4};
  std::array<int64_t, 2> padding{3, 3};
  int64_t inChans = 3;
  int64_t embedDim = 768;
};

class PatchEmbedImpl : public torch::nn::Module {
 public:
  explicit PatchEmbedImpl(const PatchEmbedOptions& options);
  // [B, inChans, H, W] -> [B, H', W', embedDim]
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d proj{nullptr};

 private:
  int64_t m_inChans;
};
TORCH_MODULE(PatchEmbed);

}  // namespace masklet::model
