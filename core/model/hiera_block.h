#pragma once
// sam2.modeling.backbones.hieradet.MultiScaleBlock: pre-norm (windowed or global) attention
// + MLP block of Hiera; the first block of a stage pools queries and widens the channels.
#include <torch/torch.h>

#include <array>
#include <optional>

#include "model/mlp.h"
#include "model/multiscale_attention.h"

namespace masklet::model {

struct MultiScaleBlockOptions {
  int64_t dim = 0;
  int64_t dimOut = 0;
  int64_t numHeads = 1;
  double mlpRatio = 4.0;
  std::optional<std::array<int64_t, 2>> qStride;  // set on q-pooling blocks
  int64_t windowSize = 0;                         // 0 = global attention
  double normEps = 1e-6;                          // Hiera builds LayerNorm(eps=1e-6)
};

class MultiScaleBlockImpl : public torch::nn::Module {
 public:
  explicit MultiScaleBlockImpl(const MultiScaleBlockOptions& options);
  // [B, H, W, dim] -> [B, H', W', dimOut]
  torch::Tensor forward(const torch::Tensor& x);

  int64_t dimOut() const { return m_options.dimOut; }

  torch::nn::LayerNorm norm1{nullptr};
  MultiScaleAttention attn{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  MLP mlp{nullptr};
  torch::nn::Linear proj{nullptr};  // only when dim != dimOut (skip-connection projection)

 private:
  MultiScaleBlockOptions m_options;
};
TORCH_MODULE(MultiScaleBlock);

}  // namespace masklet::model
