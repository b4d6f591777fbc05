#include "model/fuser.h"

namespace masklet::model {

FuserImpl::FuserImpl(const FuserOptions& options) {
  TORCH_CHECK(options.numLayers >= 0, "Fuser: num_layers must be >= 0, got ", options.numLayers);
  if (options.inputProjection) {
    TORCH_CHECK(options.dim > 0, "Fuser: input_projection needs a positive dim, got ", options.dim);
    proj = register_module(
        "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(options.dim, options.dim, 1)));
  }
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.numLayers; ++i) layers->push_back(CXBlock(options.layer));
}

torch::Tensor FuserImpl::forward(const torch::Tensor& x) {
  auto y = proj ? proj->forward(x) : x;
  for (const auto& layer : *layers) y = layer->as<CXBlock>()->forward(y);
  return y;
}

}  // namespace masklet::model
