#pragma once
// sam2.modeling.memory_attention.MemoryAttentionLayer: pre-norm self-attention over the current
// frame's tokens, cross-attention to the memory bank, then a two-layer feed-forward block.
#include <torch/torch.h>

#include <string>

#include "model/rope_attention.h"
#include "model/rope_attention_v2.h"

namespace masklet::model {

struct MemoryAttentionLayerOptions {
  std::string activation = "relu";  // "relu" or "gelu"
  int64_t dModel = 0;
  int64_t dimFeedforward = 0;
  // Training-only; forward refuses training mode when it is > 0 (this port is inference-only).
  double dropout = 0.0;
  bool posEncAtAttn = false;
  bool posEncAtCrossAttnKeys = true;
  bool posEncAtCrossAttnQueries = false;
  RoPEAttentionOptions selfAttention;
  RoPEAttentionOptions crossAttention;  // crossAttention.v2: RoPEAttentionv2 (EdgeTAM)
};

class MemoryAttentionLayerImpl : public torch::nn::Module {
 public:
  explicit MemoryAttentionLayerImpl(const MemoryAttentionLayerOptions& options);

  // Batch-first: tgt/queryPos [B, L, dModel], memory/pos [B, M, kvInDim]. The last
  // numKExcludeRope memory tokens (object pointers) get no rotary encoding. numSpatialMem: the
  // number of spatial memories at the front of `memory`, which RoPEAttentionv2 needs (>= 0)
  // and RoPEAttention ignores.
  torch::Tensor forward(const torch::Tensor& tgt, const torch::Tensor& memory,
                        const torch::Tensor& pos, const torch::Tensor& queryPos,
                        int64_t numKExcludeRope = 0, int64_t numSpatialMem = -1);

  RoPEAttention self_attn{nullptr};
  // Registered as "cross_attn_image": exactly one of the two is non-null.
  RoPEAttention cross_attn_image{nullptr};
  RoPEAttentionV2 cross_attn_image_v2{nullptr};
  torch::nn::Linear linear1{nullptr};
  torch::nn::Linear linear2{nullptr};
  torch::nn::LayerNorm norm1{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  torch::nn::LayerNorm norm3{nullptr};

 private:
  torch::Tensor forwardSelfAttention(torch::Tensor tgt, const torch::Tensor& queryPos);
  torch::Tensor forwardCrossAttention(torch::Tensor tgt, const torch::Tensor& memory,
                                      const torch::Tensor& queryPos, const torch::Tensor& pos,
                                      int64_t numKExcludeRope, int64_t numSpatialMem);

  MemoryAttentionLayerOptions m_options;
};
TORCH_MODULE(MemoryAttentionLayer);

}  // namespace masklet::model
