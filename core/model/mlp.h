#pragma once
// sam2.modeling.sam2_utils.MLP: num_layers Linear layers ("layers.<i>") with an activation
// between them and an optional sigmoid at the end.
#include <torch/torch.h>

#include <string>

namespace masklet::model {

struct MLPOptions {
  int64_t inputDim = 0;
  int64_t hiddenDim = 0;
  int64_t outputDim = 0;
  int64_t numLayers = 0;
  std::string activation = "relu";  // "relu" or "gelu"
  bool sigmoidOutput = false;
};

class MLPImpl : public torch::nn::Module {
 public:
  explicit MLPImpl(const MLPOptions& options);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::ModuleList layers{nullptr};

 private:
  MLPOptions m_options;
};
TORCH_MODULE(MLP);

// The activation named in configs ("relu", "gelu"); throws masklet::Error on anything else.
torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x);

}  // namespace masklet::model
