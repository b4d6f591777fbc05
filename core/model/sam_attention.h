#pragma once
// sam2.modeling.sam.transformer.Attention: multi-head attention whose projections may shrink
// the channel count by `downsampleRate` (the SAM two-way transformer's cross attentions use 2).
#include <torch/torch.h>

namespace masklet::model {

struct SamAttentionOptions {
  int64_t embeddingDim = 0;
  int64_t numHeads = 0;
  int64_t downsampleRate = 1;
  int64_t kvInDim = 0;  // channels of k and v inputs; 0 = embeddingDim
};

class SamAttentionImpl : public torch::nn::Module {
 public:
  explicit SamAttentionImpl(const SamAttentionOptions& options);

  // q [B, Nq, embeddingDim], k and v [B, Nk, kvInDim] -> [B, Nq, embeddingDim].
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

  // [B, N, C] -> [B, heads, N, C/heads] and back.
  torch::Tensor separateHeads(const torch::Tensor& x) const;
  static torch::Tensor recombineHeads(const torch::Tensor& x);

  int64_t embedding_dim = 0;
  int64_t kv_in_dim = 0;
  int64_t internal_dim = 0;
  int64_t num_heads = 0;

  torch::nn::Linear q_proj{nullptr};
  torch::nn::Linear k_proj{nullptr};
  torch::nn::Linear v_proj{nullptr};
  torch::nn::Linear out_proj{nullptr};
};
TORCH_MODULE(SamAttention);

}  // namespace masklet::model
