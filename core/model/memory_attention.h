#pragma once
// sam2.modeling.memory_attention.MemoryAttention: conditions the current frame's image features
// on the memory bank (past frames' memory features + object pointers) through a stack of
// MemoryAttentionLayers and a final LayerNorm.
#include <torch/torch.h>

#include "model/memory_attention_layer.h"

namespace masklet::model {

struct MemoryAttentionOptions {
  int64_t dModel = 0;
  bool posEncAtInput = true;
  MemoryAttentionLayerOptions layer;
  int64_t numLayers = 0;
  bool batchFirst = true;  // the layers run batch-first (all official configs)
};

class MemoryAttentionImpl : public torch::nn::Module {
 public:
  explicit MemoryAttentionImpl(const MemoryAttentionOptions& options);

  // Sequence-first: curr/currPos [L, B, dModel], memory/memoryPos [M, B, memDim], the last
  // numObjPtrTokens memory tokens being object pointers (excluded from RoPE). -> [L, B, dModel].
  // numSpatialMem: how many spatial memories (frames) come before the pointers. EdgeTAM's
  // RoPEAttentionv2 needs it (>= 0: it repeats the key grid once per memory); SAM 2's
  // RoPEAttention ignores it.
  torch::Tensor forward(const torch::Tensor& curr, const torch::Tensor& memory,
                        const torch::Tensor& currPos, const torch::Tensor& memoryPos,
                        int64_t numObjPtrTokens = 0, int64_t numSpatialMem = -1);

  torch::nn::ModuleList layers{nullptr};
  torch::nn::LayerNorm norm{nullptr};

 private:
  MemoryAttentionOptions m_options;
};
TORCH_MODULE(MemoryAttention);

}  // namespace masklet::model
