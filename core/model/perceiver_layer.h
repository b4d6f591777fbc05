#pragma once
// sam2.modeling.perceiver.PerceiverEncoderLayer (EdgeTAM): the latents cross-attend to the
// memory features, then a feed-forward block; with use_self_attn also a self-attention and a
// second feed-forward block. Every step residual.
#include <torch/torch.h>

#include "model/perceiver_attention.h"

namespace masklet::model {

struct PerceiverLayerOptions {
  PerceiverAttentionOptions attention;  // dim, dim_head, heads, attention dropout, concat
  double ffMult = 4.0;
  double hiddenDropout = 0.0;  // training only
  bool useSelfAttn = false;
};

class PerceiverEncoderLayerImpl : public torch::nn::Module {
 public:
  explicit PerceiverEncoderLayerImpl(const PerceiverLayerOptions& options);

  // latents [B, N, dim], x [B, M, dim], pos [B, M, dim] or undefined -> [B, N, dim].
  torch::Tensor forward(torch::Tensor latents, const torch::Tensor& x, const torch::Tensor& pos);

  PerceiverAttention attn{nullptr};
  torch::nn::Sequential ff{nullptr};  // FeedForward: LayerNorm, Linear, GELU, Linear (0, 1, 3)
  PerceiverSelfAttention self_attn{nullptr};  // with use_self_attn
  torch::nn::Sequential self_ff{nullptr};     // with use_self_attn

 private:
  PerceiverLayerOptions m_options;
};
TORCH_MODULE(PerceiverEncoderLayer);

}  // namespace masklet::model
