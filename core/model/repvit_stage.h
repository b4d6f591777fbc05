#pragma once
// The stages of timm's RepVit (timm/models/repvit.py, v1.0.15): the stem (two stride-2 3×3
// ConvNorms with GELU between: stride 4), the downsample block that opens every stage but the
// first (a RepViTBlock without SE, a stride-2 depthwise ConvNorm, a 1×1 ConvNorm to the new
// width, a residual RepVitMlp) and the stage (downsample + blocks alternating SE on / off).
#include <torch/torch.h>

#include "model/conv_norm.h"
#include "model/repvit_block.h"

namespace masklet::model {

class RepVitStemImpl : public torch::nn::Module {
 public:
  RepVitStemImpl(int64_t inChans, int64_t outChans);
  torch::Tensor forward(const torch::Tensor& x);

  ConvNorm conv1{nullptr};
  ConvNorm conv2{nullptr};
};
TORCH_MODULE(RepVitStem);

class RepVitDownsampleImpl : public torch::nn::Module {
 public:
  RepVitDownsampleImpl(int64_t inDim, int64_t mlpRatio, int64_t outDim, int64_t kernelSize);
  torch::Tensor forward(const torch::Tensor& x);

  RepViTBlock pre_block{nullptr};
  ConvNorm spatial_downsample{nullptr};
  ConvNorm channel_downsample{nullptr};
  RepVitMlp ffn{nullptr};
};
TORCH_MODULE(RepVitDownsample);

struct RepVitStageOptions {
  int64_t inDim = 0;
  int64_t outDim = 0;
  int64_t depth = 0;
  int64_t mlpRatio = 2;
  int64_t kernelSize = 3;
  bool downsample = true;
};

class RepVitStageImpl : public torch::nn::Module {
 public:
  explicit RepVitStageImpl(const RepVitStageOptions& options);
  torch::Tensor forward(torch::Tensor x);

  RepVitDownsample downsample{nullptr};  // null: identity (the first stage)
  torch::nn::Sequential blocks{nullptr};
};
TORCH_MODULE(RepVitStage);

}  // namespace masklet::model
