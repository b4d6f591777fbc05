#include "model/rope_attention_v2.h"

#include "model/attention_ops.h"
#include "model/dense.h"

namespace masklet::model {

RoPEAttentionV2Impl::RoPEAttentionV2Impl(const RoPEAttentionOptions& options) : m_options(options) {
  TORCH_CHECK(options.embeddingDim > 0 && options.numHeads > 0 && options.downsampleRate > 0,
              "RoPEAttentionv2: embedding_dim, num_heads and downsample_rate must be positive, "
              "got ",
              options.embeddingDim, ", ", options.numHeads, ", ", options.downsampleRate);
  m_internalDim = options.embeddingDim / options.downsampleRate;
  TORCH_CHECK(m_internalDim % options.numHeads == 0, "RoPEAttentionv2: num_heads ",
              options.numHeads, " must divide the internal dim ", m_internalDim);
  m_options.kvInDim = options.kvInDim > 0 ? options.kvInDim : options.embeddingDim;
  q_proj = register_module("q_proj", torch::nn::Linear(options.embeddingDim, m_internalDim));
  k_proj = register_module("k_proj", torch::nn::Linear(m_options.kvInDim, m_internalDim));
  v_proj = register_module("v_proj", torch::nn::Linear(m_options.kvInDim, m_internalDim));
  out_proj = register_module("out_proj", torch::nn::Linear(m_internalDim, options.embeddingDim));
  const int64_t headDim = m_internalDim / options.numHeads;
  m_freqsQ = computeAxialCis(headDim, options.qSizes[0], options.qSizes[1], options.ropeTheta);
  m_freqsK = computeAxialCis(headDim, options.kSizes[0], options.kSizes[1], options.ropeTheta);
}

torch::Tensor RoPEAttentionV2Impl::separateHeads(const torch::Tensor& x) const {
  return x.reshape({x.size(0), x.size(1), m_options.numHeads, x.size(2) / m_options.numHeads})
      .transpose(1, 2);
}

torch::Tensor RoPEAttentionV2Impl::forward(const torch::Tensor& q, const torch::Tensor& k,
                                           const torch::Tensor& v, int64_t numKExcludeRope,
                                           int64_t numSpatialMem) {
  TORCH_CHECK(q.dim() == 3 && q.size(2) == m_options.embeddingDim,
              "RoPEAttentionv2: queries must be [B, L, ", m_options.embeddingDim, "], got ",
              q.sizes());
  TORCH_CHECK(q.size(1) == m_freqsQ.tokens(), "RoPEAttentionv2: ", q.size(1),
              " queries, but q_sizes [", m_options.qSizes[0], ", ", m_options.qSizes[1],
              "] is a grid of ", m_freqsQ.tokens());
  TORCH_CHECK(k.dim() == 3 && v.dim() == 3 && k.size(2) == m_options.kvInDim &&
                  v.size(2) == m_options.kvInDim && k.size(1) == v.size(1) &&
                  k.size(0) == q.size(0) && v.size(0) == q.size(0),
              "RoPEAttentionv2: keys/values must be [", q.size(0), ", L, ", m_options.kvInDim,
              "] of one length, got ", k.sizes(), " and ", v.sizes());
  TORCH_CHECK(numKExcludeRope >= 0 && numKExcludeRope <= k.size(1),
              "RoPEAttentionv2: cannot exclude ", numKExcludeRope, " of ", k.size(1),
              " keys from RoPE");
  TORCH_CHECK(numSpatialMem >= 0,
              "RoPEAttentionv2: the number of spatial memories must be given, got ", numSpatialMem);
  TORCH_CHECK(!is_training() || m_options.dropout == 0.0,
              "RoPEAttentionv2: attention dropout is training-only and not supported; call "
              "eval()");

  if (m_freqsQ.cos.device() != q.device()) {
    m_freqsQ = m_freqsQ.to(q.device());
    m_freqsK = m_freqsK.to(q.device());
  }
  const auto qh = applyRotaryEncV2(separateHeads(denseForward(*q_proj, q)), m_freqsQ, 1);
  auto kh = separateHeads(denseForward(*k_proj, k));
  const int64_t numKRope = kh.size(-2) - numKExcludeRope;
  const auto rotated = applyRotaryEncV2(kh.narrow(-2, 0, numKRope), m_freqsK, numSpatialMem);
  kh = numKExcludeRope > 0 ? torch::cat({rotated, kh.narrow(-2, numKRope, numKExcludeRope)}, -2)
                           : rotated;
  const auto vh = separateHeads(denseForward(*v_proj, v));
  const auto out = scaledDotProductAttention(qh, kh, vh);
  // [B, heads, Lq, c] -> [B, Lq, heads·c]
  return denseForward(*out_proj,
                      out.transpose(1, 2).reshape({out.size(0), out.size(2), m_internalDim}));
}

}  // namespace masklet::model
