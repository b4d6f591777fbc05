#pragma once
// The two attentions of sam2.modeling.perceiver (EdgeTAM): PerceiverAttention, the latents'
// cross-attention to the memory features (optionally with a position encoding added to keys
// and values), and Attention, the latents' self-attention. Both pre-norm, projections without
// bias, registered under the official names (norm_x / norm_latents / norm, to_q, to_kv, to_out).
#include <torch/torch.h>

namespace masklet::model {

struct PerceiverAttentionOptions {
  int64_t dim = 0;
  int64_t dimHead = 64;
  int64_t heads = 1;
  double dropout = 0.0;  // training only: forward refuses training mode when > 0
  bool concatKvLatents = false;
};

class PerceiverAttentionImpl : public torch::nn::Module {
 public:
  explicit PerceiverAttentionImpl(const PerceiverAttentionOptions& options);

  // latents [B, N, dim] attend to x [B, M, dim]; pos [B, M, heads·dimHead] or undefined is
  // added to keys and values. -> [B, N, dim].
  torch::Tensor forward(const torch::Tensor& latents, const torch::Tensor& x,
                        const torch::Tensor& pos);

  torch::nn::LayerNorm norm_x{nullptr};
  torch::nn::LayerNorm norm_latents{nullptr};
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear to_kv{nullptr};
  torch::nn::Linear to_out{nullptr};

 private:
  PerceiverAttentionOptions m_options;
};
TORCH_MODULE(PerceiverAttention);

// perceiver.Attention: self-attention of the latents.
class PerceiverSelfAttentionImpl : public torch::nn::Module {
 public:
  explicit PerceiverSelfAttentionImpl(const PerceiverAttentionOptions& options);

  // x [B, N, dim] -> [B, N, dim].
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear to_kv{nullptr};
  torch::nn::Linear to_out{nullptr};

 private:
  PerceiverAttentionOptions m_options;
};
TORCH_MODULE(PerceiverSelfAttention);

// [B, N, heads·c] -> [B, heads, N, c] and back.
torch::Tensor separateAttentionHeads(const torch::Tensor& x, int64_t heads);
torch::Tensor recombineAttentionHeads(const torch::Tensor& x);

}  // namespace masklet::model
