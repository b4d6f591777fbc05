#pragma once
// sam2.modeling.memory_encoder.Fuser: an optional 1×1 input projection ("proj") followed by
// num_layers CXBlocks ("layers.<i>"), fusing image features with the downsampled mask.
#include <torch/torch.h>

#include "model/cx_block.h"

namespace masklet::model {

struct FuserOptions {
  CXBlockOptions layer;
  int64_t numLayers = 0;
  int64_t dim = 0;               // channels of the input projection
  bool inputProjection = false;  // official configs: false (proj is an identity)
};

class FuserImpl : public torch::nn::Module {
 public:
  explicit FuserImpl(const FuserOptions& options);

  // [N, C, H, W] -> same shape
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Conv2d proj{nullptr};  // null unless inputProjection
  torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(Fuser);

}  // namespace masklet::model
