#include "model/perceiver_attention.h"

#include "model/attention_ops.h"
#include "model/dense.h"
#include "model/float_norm.h"

namespace masklet::model {
namespace {

torch::nn::Linear linearNoBias(int64_t in, int64_t out) {
  return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}

torch::nn::LayerNorm layerNorm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
}

void checkOptions(const char* name, const PerceiverAttentionOptions& options) {
  TORCH_CHECK(options.dim > 0 && options.dimHead > 0 && options.heads > 0, name,
              ": dim, dim_head and heads must be positive, got ", options.dim, ", ",
              options.dimHead, ", ", options.heads);
}

}  // namespace

torch::Tensor separateAttentionHeads(const torch::Tensor& x, int64_t heads) {
  return x.reshape({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

torch::Tensor recombineAttentionHeads(const torch::Tensor& x) {
  return x.transpose(1, 2).reshape({x.size(0), x.size(2), x.size(1) * x.size(3)});
}

PerceiverAttentionImpl::PerceiverAttentionImpl(const PerceiverAttentionOptions& options)
    : m_options(options) {
  checkOptions("PerceiverAttention", options);
  const int64_t inner = options.dimHead * options.heads;
  norm_x = register_module("norm_x", layerNorm(options.dim));
  norm_latents = register_module("norm_latents", layerNorm(options.dim));
  to_q = register_module("to_q", linearNoBias(options.dim, inner));
  to_kv = register_module("to_kv", linearNoBias(options.dim, 2 * inner));
  to_out = register_module("to_out", linearNoBias(inner, options.dim));
}

torch::Tensor PerceiverAttentionImpl::forward(const torch::Tensor& latents, const torch::Tensor& x,
                                              const torch::Tensor& pos) {
  const int64_t dim = m_options.dim;
  const int64_t inner = m_options.dimHead * m_options.heads;
  TORCH_CHECK(latents.dim() == 3 && latents.size(2) == dim,
              "PerceiverAttention: latents must be [B, N, ", dim, "], got ", latents.sizes());
  TORCH_CHECK(x.dim() == 3 && x.size(2) == dim && x.size(0) == latents.size(0),
              "PerceiverAttention: x must be [", latents.size(0), ", M, ", dim, "], got ",
              x.sizes());
  TORCH_CHECK(!pos.defined() || (pos.dim() == 3 && pos.size(0) == x.size(0) &&
                                 pos.size(1) == x.size(1) && pos.size(2) == inner),
              "PerceiverAttention: pos must be [", x.size(0), ", ", x.size(1), ", ", inner,
              "], got ", pos.sizes());
  TORCH_CHECK(!pos.defined() || !m_options.concatKvLatents,
              "PerceiverAttention: a position encoding cannot be added with concat_kv_latents");
  TORCH_CHECK(!is_training() || m_options.dropout == 0.0,
              "PerceiverAttention: dropout is training-only and not supported; call eval()");
  const auto normedLatents = normFloat(norm_latents, latents);
  const auto normedX = normFloat(norm_x, x);
  const auto q = denseForward(*to_q, normedLatents);
  // The paper's variant also attends to the latents themselves.
  const auto kvInput =
      m_options.concatKvLatents ? torch::cat({normedX, normedLatents}, -2) : normedX;
  const auto kv = denseForward(*to_kv, kvInput).chunk(2, -1);
  const int64_t heads = m_options.heads;
  auto k = separateAttentionHeads(kv[0], heads);
  auto v = separateAttentionHeads(kv[1], heads);
  if (pos.defined()) {
    const auto posHeads = separateAttentionHeads(pos, heads);
    k = k + posHeads;
    v = v + posHeads;
  }
  const auto out = scaledDotProductAttention(separateAttentionHeads(q, heads), k, v);
  return denseForward(*to_out, recombineAttentionHeads(out));
}

PerceiverSelfAttentionImpl::PerceiverSelfAttentionImpl(const PerceiverAttentionOptions& options)
    : m_options(options) {
  checkOptions("perceiver Attention", options);
  const int64_t inner = options.dimHead * options.heads;
  norm = register_module("norm", layerNorm(options.dim));
  to_q = register_module("to_q", linearNoBias(options.dim, inner));
  to_kv = register_module("to_kv", linearNoBias(options.dim, 2 * inner));
  to_out = register_module("to_out", linearNoBias(inner, options.dim));
}

torch::Tensor PerceiverSelfAttentionImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 3 && x.size(2) == m_options.dim, "perceiver Attention: x must be [B, N, ",
              m_options.dim, "], got ", x.sizes());
  TORCH_CHECK(!is_training() || m_options.dropout == 0.0,
              "perceiver Attention: dropout is training-only and not supported; call eval()");
  const auto normed = normFloat(norm, x);
  const int64_t heads = m_options.heads;
  const auto q = separateAttentionHeads(denseForward(*to_q, normed), heads);
  const auto kv = denseForward(*to_kv, normed).chunk(2, -1);
  const auto out = scaledDotProductAttention(q, separateAttentionHeads(kv[0], heads),
                                             separateAttentionHeads(kv[1], heads));
  return denseForward(*to_out, recombineAttentionHeads(out));
}

}  // namespace masklet::model
