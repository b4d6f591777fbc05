#pragma once
// The parts of timm's RepViT block (timm/models/repvit.py, v1.0.15, legacy layout as in
// repvit_m1): RepVggDw (the token mixer: depthwise k×k ConvNorm + depthwise 1×1 ConvNorm +
// identity), SqueezeExcite (timm.layers.SEModule, ReLU then sigmoid gate), RepVitMlp (the
// channel mixer: 1×1 ConvNorm, GELU, 1×1 ConvNorm) and RepViTBlock itself.
#include <torch/torch.h>

#include "model/conv_norm.h"

namespace masklet::model {

class RepVggDwImpl : public torch::nn::Module {
 public:
  RepVggDwImpl(int64_t dim, int64_t kernelSize);
  torch::Tensor forward(const torch::Tensor& x);

  // Folds both ConvNorms and merges the three branches into one depthwise k×k convolution
  // (RepVGG re-parameterisation), as timm's fuse() does.
  void fold();

  ConvNorm conv{nullptr};
  ConvNorm conv1{nullptr};

 private:
  int64_t m_dim;
  int64_t m_kernelSize;
  torch::Tensor m_foldedWeight;
  torch::Tensor m_foldedBias;
};
TORCH_MODULE(RepVggDw);

class SqueezeExciteImpl : public torch::nn::Module {
 public:
  // Reduced width: timm's make_divisible(channels * rdRatio, 8, round_limit=0).
  SqueezeExciteImpl(int64_t channels, double rdRatio);
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d fc1{nullptr};
  torch::nn::Conv2d fc2{nullptr};
};
TORCH_MODULE(SqueezeExcite);

class RepVitMlpImpl : public torch::nn::Module {
 public:
  RepVitMlpImpl(int64_t inDim, int64_t hiddenDim);
  torch::Tensor forward(const torch::Tensor& x);

  ConvNorm conv1{nullptr};
  ConvNorm conv2{nullptr};
};
TORCH_MODULE(RepVitMlp);

class RepViTBlockImpl : public torch::nn::Module {
 public:
  RepViTBlockImpl(int64_t dim, int64_t mlpRatio, int64_t kernelSize, bool useSe);
  // x [B, dim, H, W] -> same shape.
  torch::Tensor forward(const torch::Tensor& x);

  RepVggDw token_mixer{nullptr};
  SqueezeExcite se{nullptr};  // null: identity
  RepVitMlp channel_mixer{nullptr};
};
TORCH_MODULE(RepViTBlock);

}  // namespace masklet::model
