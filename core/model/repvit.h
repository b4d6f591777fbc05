#pragma once
// timm's RepVit as create_model(..., features_only=True, out_indices) builds it: a
// FeatureListNet whose modules are the stem and the flattened stages ("stem", "stages_0",
// ...), up to the last stage an output needs, returning each requested stage's output.
#include <torch/torch.h>

#include <vector>

#include "model/repvit_stage.h"

namespace masklet::model {

struct RepVitOptions {
  int64_t inChans = 3;
  std::vector<int64_t> embedDims{48, 96, 192, 384};  // repvit_m1
  std::vector<int64_t> depths{2, 2, 14, 2};
  int64_t mlpRatio = 2;
  int64_t kernelSize = 3;
  std::vector<int64_t> outIndices{0, 1, 2, 3};  // increasing stage indices
};

class RepVitImpl : public torch::nn::Module {
 public:
  explicit RepVitImpl(const RepVitOptions& options);

  // [B, 3, H, W] -> the outputs of the stages in outIndices (strides 4, 8, 16, 32), highest
  // resolution first.
  std::vector<torch::Tensor> forward(const torch::Tensor& x);

  // Channels of the outputs, in forward's order.
  std::vector<int64_t> featureChannels() const;

  RepVitStem stem{nullptr};
  std::vector<RepVitStage> stages;  // registered as "stages_<i>"

 private:
  RepVitOptions m_options;
};
TORCH_MODULE(RepVit);

}  // namespace masklet::model
