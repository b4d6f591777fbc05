#pragma once
// timm's ConvNorm (timm/models/repvit.py): a bias-free Conv2d "c" followed by a BatchNorm2d
// "bn", always with the running statistics (this port only infers). fold() merges the norm
// into the convolution's weight and a bias, after which forward is one convolution.
#include <torch/torch.h>

namespace masklet::model {

struct ConvNormOptions {
  int64_t inDim = 0;
  int64_t outDim = 0;
  int64_t kernelSize = 1;
  int64_t stride = 1;
  int64_t padding = 0;
  int64_t groups = 1;
};

class ConvNormImpl : public torch::nn::Module {
 public:
  explicit ConvNormImpl(const ConvNormOptions& options);

  // x [B, inDim, H, W] -> [B, outDim, H', W'].
  torch::Tensor forward(const torch::Tensor& x);

  // Folds bn into c's weight and a bias (computed in float64, stored in c's dtype and
  // device); the registered weights stay as loaded. Call after loading, and again after
  // moving the module to another device. Idempotent.
  void fold();
  bool folded() const { return m_foldedWeight.defined(); }
  // The folded convolution: weight [outDim, inDim/groups, k, k] and bias [outDim].
  const torch::Tensor& foldedWeight() const { return m_foldedWeight; }
  const torch::Tensor& foldedBias() const { return m_foldedBias; }
  const ConvNormOptions& options() const { return m_options; }

  torch::nn::Conv2d c{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};

 private:
  ConvNormOptions m_options;
  torch::Tensor m_foldedWeight;
  torch::Tensor m_foldedBias;
};
TORCH_MODULE(ConvNorm);

}  // namespace masklet::model
