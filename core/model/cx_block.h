#pragma once
// sam2.modeling.memory_encoder.CXBlock (ConvNeXt block): depthwise conv, LayerNorm2d, then a
// pointwise MLP (Linear, GELU, Linear) in channels-last layout, scaled by `gamma`, plus the
// residual. Drop-path is a training feature and not part of inference.
#include <torch/torch.h>

#include "model/layer_norm2d.h"

namespace masklet::model {

struct CXBlockOptions {
  int64_t dim = 0;
  int64_t kernelSize = 7;
  int64_t padding = 3;
  double layerScaleInitValue = 1e-6;  // > 0: a learned per-channel `gamma` scales the branch
  bool useDwconv = true;              // depthwise (groups = dim) or a full conv
};

class CXBlockImpl : public torch::nn::Module {
 public:
  explicit CXBlockImpl(const CXBlockOptions& options);

  // [N, dim, H, W] -> same shape
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d dwconv{nullptr};
  LayerNorm2d norm{nullptr};
  torch::nn::Linear pwconv1{nullptr};
  torch::nn::Linear pwconv2{nullptr};
  torch::Tensor gamma;  // undefined when layerScaleInitValue <= 0

 private:
  CXBlockOptions m_options;
};
TORCH_MODULE(CXBlock);

}  // namespace masklet::model
