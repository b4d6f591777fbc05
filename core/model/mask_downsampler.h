#pragma once
// sam2.modeling.memory_encoder.MaskDownSampler: brings a mask down by total_stride in steps of
// `stride` (Conv2d, LayerNorm2d, GELU per step; channels grow by stride² each time), then
// projects to embed_dim with a 1×1 conv. Module names follow nn.Sequential: "encoder.<i>".
#include <torch/torch.h>

namespace masklet::model {

struct MaskDownSamplerOptions {
  int64_t embedDim = 256;
  int64_t kernelSize = 4;
  int64_t stride = 4;
  int64_t padding = 0;
  int64_t totalStride = 16;
};

class MaskDownSamplerImpl : public torch::nn::Module {
 public:
  explicit MaskDownSamplerImpl(const MaskDownSamplerOptions& options);

  // [N, 1, H, W] -> [N, embedDim, H/totalStride, W/totalStride]
  torch::Tensor forward(const torch::Tensor& masks);

  torch::nn::Sequential encoder{nullptr};

 private:
  MaskDownSamplerOptions m_options;
};
TORCH_MODULE(MaskDownSampler);

}  // namespace masklet::model
