#pragma once
// Layer norms run in float32 whatever their input's dtype: in bf16 mode (model/precision.h)
// linear layers hand them bfloat16, and LibTorch 1.13's autocast leaves layer_norm alone (it
// would refuse the mixed dtypes). In fp32 mode the cast is a no-op.
#include <torch/torch.h>

namespace masklet::model {

inline torch::Tensor normFloat(const torch::nn::LayerNorm& norm, const torch::Tensor& x) {
  return norm.ptr()->forward(x.to(torch::kFloat32));
}

}  // namespace masklet::model
