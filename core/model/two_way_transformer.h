#pragma once
// sam2.modeling.sam.transformer.TwoWayTransformer: prompt tokens and image tokens attend to
// each other through `depth` TwoWayAttentionBlocks, then a final token -> image attention.
#include <torch/torch.h>

#include <string>
#include <utility>

#include "model/sam_attention.h"
#include "model/two_way_attention_block.h"

namespace masklet::model {

// Defaults are the constants SAM2Base._build_sam_heads uses; embeddingDim comes from the config.
struct TwoWayTransformerOptions {
  int64_t depth = 2;
  int64_t embeddingDim = 0;
  int64_t numHeads = 8;
  int64_t mlpDim = 2048;
  std::string activation = "relu";
  int64_t attentionDownsampleRate = 2;
};

class TwoWayTransformerImpl : public torch::nn::Module {
 public:
  explicit TwoWayTransformerImpl(const TwoWayTransformerOptions& options);

  // image_embedding and image_pe [B, C, H, W], point_embedding [B, N, C] ->
  // (processed tokens [B, N, C], processed image tokens [B, H*W, C]).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image_embedding,
                                                  const torch::Tensor& image_pe,
                                                  const torch::Tensor& point_embedding);

  torch::nn::ModuleList layers{nullptr};
  SamAttention final_attn_token_to_image{nullptr};
  torch::nn::LayerNorm norm_final_attn{nullptr};

 private:
  TwoWayTransformerOptions m_options;
};
TORCH_MODULE(TwoWayTransformer);

}  // namespace masklet::model
