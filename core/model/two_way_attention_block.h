#pragma once
// sam2.modeling.sam.transformer.TwoWayAttentionBlock: token self-attention, tokens -> image
// cross-attention, token MLP, image -> tokens cross-attention, each followed by a LayerNorm.
#include <torch/torch.h>

#include <string>
#include <utility>

#include "model/mlp.h"
#include "model/sam_attention.h"

namespace masklet::model {

struct TwoWayAttentionBlockOptions {
  int64_t embeddingDim = 0;
  int64_t numHeads = 8;
  int64_t mlpDim = 2048;
  std::string activation = "relu";
  int64_t attentionDownsampleRate = 2;
  bool skipFirstLayerPe = false;  // the first block feeds the raw prompt tokens as queries
};

class TwoWayAttentionBlockImpl : public torch::nn::Module {
 public:
  explicit TwoWayAttentionBlockImpl(const TwoWayAttentionBlockOptions& options);

  // queries [B, Nq, C], keys [B, Nk, C] with their positional encodings -> (queries, keys).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& queries,
                                                  const torch::Tensor& keys,
                                                  const torch::Tensor& query_pe,
                                                  const torch::Tensor& key_pe);

  SamAttention self_attn{nullptr};
  torch::nn::LayerNorm norm1{nullptr};
  SamAttention cross_attn_token_to_image{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  MLP mlp{nullptr};
  torch::nn::LayerNorm norm3{nullptr};
  torch::nn::LayerNorm norm4{nullptr};
  SamAttention cross_attn_image_to_token{nullptr};

 private:
  bool m_skipFirstLayerPe = false;
};
TORCH_MODULE(TwoWayAttentionBlock);

}  // namespace masklet::model
