#include "model/conv_norm.h"

namespace masklet::model {

ConvNormImpl::ConvNormImpl(const ConvNormOptions& options) : m_options(options) {
  TORCH_CHECK(options.inDim > 0 && options.outDim > 0 && options.groups > 0 &&
                  options.inDim % options.groups == 0 && options.outDim % options.groups == 0,
              "ConvNorm: channels ", options.inDim, " -> ", options.outDim,
              " must be positive multiples of groups ", options.groups);
  c = register_module("c", torch::nn::Conv2d(torch::nn::Conv2dOptions(options.inDim, options.outDim,
                                                                      options.kernelSize)
                                                 .stride(options.stride)
                                                 .padding(options.padding)
                                                 .groups(options.groups)
                                                 .bias(false)));
  bn = register_module("bn", torch::nn::BatchNorm2d(options.outDim));
}

torch::Tensor ConvNormImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == m_options.inDim, "ConvNorm: expected [B, ",
              m_options.inDim, ", H, W], got ", x.sizes());
  const auto& o = m_options;
  if (folded())
    return torch::conv2d(x, m_foldedWeight, m_foldedBias, o.stride, o.padding, 1, o.groups);
  const auto y = torch::conv2d(x, c->weight, {}, o.stride, o.padding, 1, o.groups);
  // Inference only: the running statistics, whatever the module's training flag.
  return torch::batch_norm(y, bn->weight, bn->bias, bn->running_mean, bn->running_var,
                           /*training=*/false, /*momentum=*/0.0, bn->options.eps(),
                           /*cudnn_enabled=*/true);
}

void ConvNormImpl::fold() {
  torch::NoGradGuard noGrad;
  const auto scale = bn->weight.to(torch::kFloat64) /
                     torch::sqrt(bn->running_var.to(torch::kFloat64) + bn->options.eps());
  const auto weight = c->weight.to(torch::kFloat64) * scale.view({-1, 1, 1, 1});
  const auto bias = bn->bias.to(torch::kFloat64) - bn->running_mean.to(torch::kFloat64) * scale;
  m_foldedWeight = weight.to(c->weight.scalar_type());
  m_foldedBias = bias.to(c->weight.scalar_type());
}

}  // namespace masklet::model
