#include "model/cx_block.h"

namespace masklet::model {

CXBlockImpl::CXBlockImpl(const CXBlockOptions& options) : m_options(options) {
  TORCH_CHECK(options.dim > 0 && options.kernelSize > 0 && options.padding >= 0,
              "CXBlock: dim and kernel_size must be positive and padding >= 0, got ", options.dim,
              ", ", options.kernelSize, ", ", options.padding);
  dwconv = register_module(
      "dwconv",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(options.dim, options.dim, options.kernelSize)
                            .padding(options.padding)
                            .groups(options.useDwconv ? options.dim : 1)));
  norm = register_module("norm", LayerNorm2d(options.dim, 1e-6));
  pwconv1 = register_module("pwconv1", torch::nn::Linear(options.dim, 4 * options.dim));
  pwconv2 = register_module("pwconv2", torch::nn::Linear(4 * options.dim, options.dim));
  if (options.layerScaleInitValue > 0)
    gamma = register_parameter("gamma", torch::full({options.dim}, options.layerScaleInitValue));
}

torch::Tensor CXBlockImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == m_options.dim, "CXBlock: expected [N, ", m_options.dim,
              ", H, W], got ", x.sizes());
  auto y = norm->forward(dwconv->forward(x)).permute({0, 2, 3, 1});  // channels-last
  y = pwconv2->forward(torch::gelu(pwconv1->forward(y)));
  if (gamma.defined()) y = gamma * y;
  return x + y.permute({0, 3, 1, 2});
}

}  // namespace masklet::model
