#include "model/rope_attention.h"

#include <cmath>

#include "model/attention_ops.h"
#include "model/dense.h"

namespace masklet::model {

RoPEAttentionImpl::RoPEAttentionImpl(const RoPEAttentionOptions& options) : m_options(options) {
  TORCH_CHECK(options.embeddingDim > 0 && options.numHeads > 0 && options.downsampleRate > 0,
              "RoPEAttention: embedding_dim, num_heads and downsample_rate must be positive, got ",
              options.embeddingDim, ", ", options.numHeads, ", ", options.downsampleRate);
  m_internalDim = options.embeddingDim / options.downsampleRate;
  TORCH_CHECK(m_internalDim % options.numHeads == 0, "RoPEAttention: num_heads ", options.numHeads,
              " must divide the internal dim ", m_internalDim);
  const int64_t kvInDim = options.kvInDim > 0 ? options.kvInDim : options.embeddingDim;
  m_options.kvInDim = kvInDim;
  q_proj = register_module("q_proj", torch::nn::Linear(options.embeddingDim, m_internalDim));
  k_proj = register_module("k_proj", torch::nn::Linear(kvInDim, m_internalDim));
  v_proj = register_module("v_proj", torch::nn::Linear(kvInDim, m_internalDim));
  out_proj = register_module("out_proj", torch::nn::Linear(m_internalDim, options.embeddingDim));
  m_freqs = computeAxialCis(m_internalDim / options.numHeads, options.featSizes[0],
                            options.featSizes[1], options.ropeTheta);
}

torch::Tensor RoPEAttentionImpl::separateHeads(const torch::Tensor& x) const {
  // [B, N, C] -> [B, heads, N, C/heads]
  return x.reshape({x.size(0), x.size(1), m_options.numHeads, x.size(2) / m_options.numHeads})
      .transpose(1, 2);
}

torch::Tensor RoPEAttentionImpl::recombineHeads(const torch::Tensor& x) const {
  // [B, heads, N, c] -> [B, N, heads·c]
  return x.transpose(1, 2).reshape({x.size(0), x.size(2), x.size(1) * x.size(3)});
}

const AxialRopeFreqs& RoPEAttentionImpl::freqsFor(int64_t lq, const torch::Device& device) {
  if (m_freqs.tokens() != lq) {
    // The reference assumes a square grid here (w = h = sqrt(Lq)).
    const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(lq))));
    TORCH_CHECK(side * side == lq, "RoPEAttention: ", lq,
                " query tokens are neither the configured feat_sizes grid [",
                m_options.featSizes[0], ", ", m_options.featSizes[1], "] nor a square grid");
    m_freqs = computeAxialCis(m_internalDim / m_options.numHeads, side, side, m_options.ropeTheta);
  }
  if (m_freqs.cos.device() != device) m_freqs = m_freqs.to(device);
  return m_freqs;
}

torch::Tensor RoPEAttentionImpl::forward(const torch::Tensor& q, const torch::Tensor& k,
                                         const torch::Tensor& v, int64_t numKExcludeRope) {
  TORCH_CHECK(q.dim() == 3 && q.size(2) == m_options.embeddingDim,
              "RoPEAttention: queries must be [B, L, ", m_options.embeddingDim, "], got ",
              q.sizes());
  TORCH_CHECK(k.dim() == 3 && v.dim() == 3 && k.size(2) == m_options.kvInDim &&
                  v.size(2) == m_options.kvInDim && k.size(1) == v.size(1) &&
                  k.size(0) == q.size(0) && v.size(0) == q.size(0),
              "RoPEAttention: keys/values must be [", q.size(0), ", L, ", m_options.kvInDim,
              "] of one length, got ", k.sizes(), " and ", v.sizes());
  TORCH_CHECK(numKExcludeRope >= 0 && numKExcludeRope <= k.size(1),
              "RoPEAttention: cannot exclude ", numKExcludeRope, " of ", k.size(1),
              " keys from RoPE");
  TORCH_CHECK(!is_training() || m_options.dropout == 0.0,
              "RoPEAttention: attention dropout is training-only and not supported; call eval()");

  auto qh = separateHeads(denseForward(*q_proj, q));
  auto kh = separateHeads(denseForward(*k_proj, k));

  const int64_t lq = qh.size(-2);
  const auto& freqs = freqsFor(lq, qh.device());
  TORCH_CHECK(lq == kh.size(-2) || m_options.ropeKRepeat, "RoPEAttention: ", lq,
              " queries attend to ", kh.size(-2), " keys, which needs rope_k_repeat");

  // Rotate all keys but the trailing numKExcludeRope (object-pointer tokens carry no grid
  // position).
  const int64_t numKRope = kh.size(-2) - numKExcludeRope;
  auto rotated = applyRotaryEnc(qh, kh.narrow(-2, 0, numKRope), freqs, m_options.ropeKRepeat);
  qh = rotated.first;
  if (numKExcludeRope > 0)
    kh = torch::cat({rotated.second, kh.narrow(-2, numKRope, numKExcludeRope)}, -2);
  else
    kh = rotated.second;

  return denseForward(*out_proj, recombineHeads(attendValues(qh, kh, v)));
}

torch::Tensor RoPEAttentionImpl::attendValues(const torch::Tensor& qh, const torch::Tensor& kh,
                                              const torch::Tensor& v) {
  const int64_t heads = m_options.numHeads;
  const int64_t kvIn = m_options.kvInDim;
  if (heads * kvIn >= m_internalDim)
    return scaledDotProductAttention(qh, kh, separateHeads(denseForward(*v_proj, v)));
  // Each row of the attention weights sums to 1, so A·(V·Wᵀ + b) = (A·V)·Wᵀ + b: attending to
  // the narrow values (the 64-channel memory) and projecting afterwards does the big product
  // on kvIn channels per head instead of internal_dim / heads.
  const auto narrow = v.unsqueeze(1).expand({v.size(0), heads, v.size(1), kvIn});
  const auto mixed = scaledDotProductAttention(qh, kh, narrow);  // [B, heads, Lq, kvIn]
  if (heads == 1) return denseForward(*v_proj, mixed);
  const int64_t headDim = m_internalDim / heads;
  const auto weight = v_proj->weight.view({heads, headDim, kvIn});
  const auto bias = v_proj->bias.view({heads, 1, headDim});
  return torch::matmul(mixed, weight.transpose(1, 2)) + bias;  // [B, heads, Lq, headDim]
}

}  // namespace masklet::model
