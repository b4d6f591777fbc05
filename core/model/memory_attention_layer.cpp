#include "model/memory_attention_layer.h"

#include "model/dense.h"
#include "model/float_norm.h"
#include "model/mlp.h"

namespace masklet::model {

MemoryAttentionLayerImpl::MemoryAttentionLayerImpl(const MemoryAttentionLayerOptions& options)
    : m_options(options) {
  TORCH_CHECK(options.dModel > 0 && options.dimFeedforward > 0,
              "MemoryAttentionLayer: d_model and dim_feedforward must be positive, got ",
              options.dModel, " and ", options.dimFeedforward);
  TORCH_CHECK(options.selfAttention.embeddingDim == options.dModel &&
                  options.crossAttention.embeddingDim == options.dModel,
              "MemoryAttentionLayer: attention embedding_dim (", options.selfAttention.embeddingDim,
              ", ", options.crossAttention.embeddingDim, ") must equal d_model ", options.dModel);
  applyActivation(options.activation, torch::zeros({1}));  // reject unknown names up front
  self_attn = register_module("self_attn", RoPEAttention(options.selfAttention));
  if (options.crossAttention.v2)
    cross_attn_image_v2 =
        register_module("cross_attn_image", RoPEAttentionV2(options.crossAttention));
  else
    cross_attn_image = register_module("cross_attn_image", RoPEAttention(options.crossAttention));
  linear1 = register_module("linear1", torch::nn::Linear(options.dModel, options.dimFeedforward));
  linear2 = register_module("linear2", torch::nn::Linear(options.dimFeedforward, options.dModel));
  norm1 =
      register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dModel})));
  norm2 =
      register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dModel})));
  norm3 =
      register_module("norm3", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dModel})));
}

torch::Tensor MemoryAttentionLayerImpl::forwardSelfAttention(torch::Tensor tgt,
                                                             const torch::Tensor& queryPos) {
  const auto tgt2 = normFloat(norm1, tgt);
  const auto qk = m_options.posEncAtAttn ? tgt2 + queryPos : tgt2;
  return tgt + self_attn->forward(qk, qk, tgt2);
}

torch::Tensor MemoryAttentionLayerImpl::forwardCrossAttention(
    torch::Tensor tgt, const torch::Tensor& memory, const torch::Tensor& queryPos,
    const torch::Tensor& pos, int64_t numKExcludeRope, int64_t numSpatialMem) {
  const auto tgt2 = normFloat(norm2, tgt);
  const auto q = m_options.posEncAtCrossAttnQueries ? tgt2 + queryPos : tgt2;
  const auto k = m_options.posEncAtCrossAttnKeys ? memory + pos : memory;
  if (cross_attn_image_v2)
    return tgt + cross_attn_image_v2->forward(q, k, memory, numKExcludeRope, numSpatialMem);
  return tgt + cross_attn_image->forward(q, k, memory, numKExcludeRope);
}

torch::Tensor MemoryAttentionLayerImpl::forward(const torch::Tensor& tgt,
                                                const torch::Tensor& memory,
                                                const torch::Tensor& pos,
                                                const torch::Tensor& queryPos,
                                                int64_t numKExcludeRope, int64_t numSpatialMem) {
  TORCH_CHECK(tgt.dim() == 3 && tgt.size(2) == m_options.dModel,
              "MemoryAttentionLayer: tgt must be [B, L, ", m_options.dModel, "], got ",
              tgt.sizes());
  TORCH_CHECK(queryPos.sizes() == tgt.sizes(), "MemoryAttentionLayer: query_pos must match tgt ",
              tgt.sizes(), ", got ", queryPos.sizes());
  TORCH_CHECK(pos.sizes() == memory.sizes(), "MemoryAttentionLayer: pos must match memory ",
              memory.sizes(), ", got ", pos.sizes());
  TORCH_CHECK(!is_training() || m_options.dropout == 0.0,
              "MemoryAttentionLayer: dropout is training-only and not supported; call eval()");
  auto out = forwardSelfAttention(tgt, queryPos);
  out = forwardCrossAttention(out, memory, queryPos, pos, numKExcludeRope, numSpatialMem);
  const auto hidden =
      applyActivation(m_options.activation, denseForward(*linear1, normFloat(norm3, out)));
  return out + denseForward(*linear2, hidden);
}

}  // namespace masklet::model
