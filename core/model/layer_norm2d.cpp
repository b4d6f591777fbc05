#include "model/layer_norm2d.h"

namespace masklet::model {

LayerNorm2dImpl::LayerNorm2dImpl(int64_t numChannels, double eps) : m_eps(eps) {
  weight = register_parameter("weight", torch::ones({numChannels}));
  bias = register_parameter("bias", torch::zeros({numChannels}));
}

torch::Tensor LayerNorm2dImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == weight.size(0), "LayerNorm2d: expected [N,",
              weight.size(0), ",H,W], got ", x.sizes());
  // float32 also in bf16 mode, where convolutions hand bfloat16 here (see float_norm.h).
  const auto xf = x.to(torch::kFloat32);
  const auto mean = xf.mean(1, true);
  const auto variance = (xf - mean).pow(2).mean(1, true);
  const auto normalized = (xf - mean) / torch::sqrt(variance + m_eps);
  return weight.index({torch::indexing::Slice(), torch::indexing::None, torch::indexing::None}) *
             normalized +
         bias.index({torch::indexing::Slice(), torch::indexing::None, torch::indexing::None});
}

}  // namespace masklet::model
