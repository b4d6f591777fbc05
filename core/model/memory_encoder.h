#pragma once
// sam2.modeling.memory_encoder.MemoryEncoder: turns a frame's image features and its predicted
// mask into a memory: mask downsampled to the feature grid, added to the projected features,
// fused by CXBlocks, projected to the memory dim, plus its sine position encoding.
#include <torch/torch.h>

#include <vector>

#include "model/fuser.h"
#include "model/mask_downsampler.h"
#include "model/position_encoding.h"

namespace masklet::model {

struct MemoryEncoderOptions {
  int64_t outDim = 64;
  int64_t inDim = 256;  // channels of pix_feat
  MaskDownSamplerOptions maskDownsampler;
  FuserOptions fuser;
  PositionEmbeddingSineOptions positionEncoding;
};

struct MemoryEncoderOutput {
  torch::Tensor vision_features;              // [B, outDim, h, w]
  std::vector<torch::Tensor> vision_pos_enc;  // one [B, outDim, h, w] encoding
};

class MemoryEncoderImpl : public torch::nn::Module {
 public:
  explicit MemoryEncoderImpl(const MemoryEncoderOptions& options);

  // pix_feat [B, inDim, h, w], masks [B, 1, h·s, w·s] (s = the downsampler's total stride),
  // logits unless skipMaskSigmoid (then already probabilities / scaled masks).
  MemoryEncoderOutput forward(const torch::Tensor& pix_feat, const torch::Tensor& masks,
                              bool skipMaskSigmoid = false);

  MaskDownSampler mask_downsampler{nullptr};
  torch::nn::Conv2d pix_feat_proj{nullptr};
  Fuser fuser{nullptr};
  PositionEmbeddingSine position_encoding{nullptr};
  torch::nn::Conv2d out_proj{nullptr};  // null (identity) when outDim == inDim

 private:
  MemoryEncoderOptions m_options;
};
TORCH_MODULE(MemoryEncoder);

}  // namespace masklet::model
