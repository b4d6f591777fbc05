#include "model/sam_attention.h"

#include "model/attention_ops.h"

namespace masklet::model {

SamAttentionImpl::SamAttentionImpl(const SamAttentionOptions& options)
    : embedding_dim(options.embeddingDim),
      kv_in_dim(options.kvInDim > 0 ? options.kvInDim : options.embeddingDim),
      num_heads(options.numHeads) {
  TORCH_CHECK(options.embeddingDim > 0 && options.numHeads > 0 && options.downsampleRate > 0,
              "SAM attention: embedding_dim, num_heads and downsample_rate must be positive, got ",
              options.embeddingDim, ", ", options.numHeads, ", ", options.downsampleRate);
  internal_dim = embedding_dim / options.downsampleRate;
  TORCH_CHECK(internal_dim > 0 && internal_dim % num_heads == 0, "SAM attention: num_heads ",
              num_heads, " must divide the internal dim ", internal_dim, " (embedding_dim ",
              embedding_dim, " / downsample_rate ", options.downsampleRate, ")");
  q_proj = register_module("q_proj", torch::nn::Linear(embedding_dim, internal_dim));
  k_proj = register_module("k_proj", torch::nn::Linear(kv_in_dim, internal_dim));
  v_proj = register_module("v_proj", torch::nn::Linear(kv_in_dim, internal_dim));
  out_proj = register_module("out_proj", torch::nn::Linear(internal_dim, embedding_dim));
}

torch::Tensor SamAttentionImpl::separateHeads(const torch::Tensor& x) const {
  const int64_t b = x.size(0);
  const int64_t n = x.size(1);
  const int64_t c = x.size(2);
  return x.reshape({b, n, num_heads, c / num_heads}).transpose(1, 2);
}

torch::Tensor SamAttentionImpl::recombineHeads(const torch::Tensor& x) {
  const int64_t b = x.size(0);
  const int64_t heads = x.size(1);
  const int64_t n = x.size(2);
  const int64_t c = x.size(3);
  return x.transpose(1, 2).reshape({b, n, heads * c});
}

torch::Tensor SamAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v) {
  TORCH_CHECK(q.dim() == 3 && q.size(2) == embedding_dim, "SAM attention: expected q [B, N, ",
              embedding_dim, "], got ", q.sizes());
  TORCH_CHECK(k.dim() == 3 && k.size(2) == kv_in_dim && v.dim() == 3 && v.size(2) == kv_in_dim,
              "SAM attention: expected k and v [B, N, ", kv_in_dim, "], got ", k.sizes(), " and ",
              v.sizes());
  TORCH_CHECK(k.size(0) == q.size(0) && v.size(0) == q.size(0) && k.size(1) == v.size(1),
              "SAM attention: batch or key length mismatch: q ", q.sizes(), ", k ", k.sizes(),
              ", v ", v.sizes());
  const auto out = scaledDotProductAttention(separateHeads(q_proj->forward(q)),
                                             separateHeads(k_proj->forward(k)),
                                             separateHeads(v_proj->forward(v)));
  return out_proj->forward(recombineHeads(out));
}

}  // namespace masklet::model
