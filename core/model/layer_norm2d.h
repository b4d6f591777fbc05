#pragma once
// sam2.modeling.sam2_utils.LayerNorm2d: LayerNorm over the channel dim of NCHW tensors.
#include <torch/torch.h>

namespace masklet::model {

class LayerNorm2dImpl : public torch::nn::Module {
 public:
  explicit LayerNorm2dImpl(int64_t numChannels, double eps = 1e-6);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight;
  torch::Tensor bias;

 private:
  double m_eps;
};
TORCH_MODULE(LayerNorm2d);

}  // namespace masklet::model
