#include "model/repvit_block.h"

namespace masklet::model {
namespace {

// timm.layers.helpers.make_divisible with round_limit 0 (never bumped up a step).
int64_t makeDivisible(double value, int64_t divisor) {
  const auto rounded = static_cast<int64_t>(value + double(divisor) / 2) / divisor * divisor;
  return std::max(divisor, rounded);
}

ConvNormOptions convNorm(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding,
                         int64_t groups) {
  return ConvNormOptions{in, out, kernel, stride, padding, groups};
}

}  // namespace

RepVggDwImpl::RepVggDwImpl(int64_t dim, int64_t kernelSize) : m_dim(dim), m_kernelSize(kernelSize) {
  TORCH_CHECK(kernelSize % 2 == 1, "RepVggDw: kernel size must be odd, got ", kernelSize);
  conv = register_module("conv",
                         ConvNorm(convNorm(dim, dim, kernelSize, 1, (kernelSize - 1) / 2, dim)));
  conv1 = register_module("conv1", ConvNorm(convNorm(dim, dim, 1, 1, 0, dim)));
}

torch::Tensor RepVggDwImpl::forward(const torch::Tensor& x) {
  if (m_foldedWeight.defined())
    return torch::conv2d(x, m_foldedWeight, m_foldedBias, 1, (m_kernelSize - 1) / 2, 1, m_dim);
  return conv->forward(x) + conv1->forward(x) + x;
}

void RepVggDwImpl::fold() {
  torch::NoGradGuard noGrad;
  conv->fold();
  conv1->fold();
  // The 1×1 kernel and the identity sit at the centre of the k×k kernel.
  const int64_t pad = (m_kernelSize - 1) / 2;
  auto weight = conv->foldedWeight().to(torch::kFloat64).clone();
  auto centre = weight.narrow(2, pad, 1).narrow(3, pad, 1);
  centre.add_(conv1->foldedWeight().to(torch::kFloat64)).add_(1.0);
  const auto bias =
      conv->foldedBias().to(torch::kFloat64) + conv1->foldedBias().to(torch::kFloat64);
  m_foldedWeight = weight.to(conv->foldedWeight().scalar_type());
  m_foldedBias = bias.to(conv->foldedBias().scalar_type());
}

SqueezeExciteImpl::SqueezeExciteImpl(int64_t channels, double rdRatio) {
  const int64_t reduced = makeDivisible(double(channels) * rdRatio, 8);
  fc1 = register_module("fc1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, reduced, 1)));
  fc2 = register_module("fc2", torch::nn::Conv2d(torch::nn::Conv2dOptions(reduced, channels, 1)));
}

torch::Tensor SqueezeExciteImpl::forward(const torch::Tensor& x) {
  const auto squeezed = x.mean({2, 3}, /*keepdim=*/true);
  return x * torch::sigmoid(fc2->forward(torch::relu(fc1->forward(squeezed))));
}

RepVitMlpImpl::RepVitMlpImpl(int64_t inDim, int64_t hiddenDim) {
  conv1 = register_module("conv1", ConvNorm(convNorm(inDim, hiddenDim, 1, 1, 0, 1)));
  conv2 = register_module("conv2", ConvNorm(convNorm(hiddenDim, inDim, 1, 1, 0, 1)));
}

torch::Tensor RepVitMlpImpl::forward(const torch::Tensor& x) {
  return conv2->forward(torch::gelu(conv1->forward(x)));
}

RepViTBlockImpl::RepViTBlockImpl(int64_t dim, int64_t mlpRatio, int64_t kernelSize, bool useSe) {
  token_mixer = register_module("token_mixer", RepVggDw(dim, kernelSize));
  if (useSe) se = register_module("se", SqueezeExcite(dim, 0.25));
  channel_mixer = register_module("channel_mixer", RepVitMlp(dim, dim * mlpRatio));
}

torch::Tensor RepViTBlockImpl::forward(const torch::Tensor& x) {
  auto y = token_mixer->forward(x);
  if (se) y = se->forward(y);
  return y + channel_mixer->forward(y);
}

}  // namespace masklet::model
