#include "model/mlp.h"

#include "common/error.h"
#include "model/dense.h"

namespace masklet::model {

torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x) {
  if (name == "relu") return torch::relu(x);
  if (name == "gelu") return torch::gelu(x);
  throw Error("unsupported activation '" + name + "' (expected relu or gelu)");
}

MLPImpl::MLPImpl(const MLPOptions& options) : m_options(options) {
  TORCH_CHECK(options.numLayers >= 1, "MLP needs at least one layer, got ", options.numLayers);
  applyActivation(options.activation, torch::zeros({1}));  // validate the name up front
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.numLayers; ++i) {
    const int64_t in = i == 0 ? options.inputDim : options.hiddenDim;
    const int64_t out = i == options.numLayers - 1 ? options.outputDim : options.hiddenDim;
    layers->push_back(torch::nn::Linear(in, out));
  }
}

torch::Tensor MLPImpl::forward(torch::Tensor x) {
  for (int64_t i = 0; i < m_options.numLayers; ++i) {
    x = denseForward(*layers[i]->as<torch::nn::Linear>(), x);
    if (i < m_options.numLayers - 1) x = applyActivation(m_options.activation, x);
  }
  return m_options.sigmoidOutput ? torch::sigmoid(x) : x;
}

}  // namespace masklet::model
