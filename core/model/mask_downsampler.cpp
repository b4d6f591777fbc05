#include "model/mask_downsampler.h"

#include "model/layer_norm2d.h"

namespace masklet::model {

namespace {

// The number of stride-steps that make up total_stride (stride^n == total_stride).
int64_t downsampleSteps(int64_t stride, int64_t totalStride) {
  TORCH_CHECK(stride >= 2 && totalStride >= 1, "MaskDownSampler: stride must be >= 2 and ",
              "total_stride >= 1, got ", stride, " and ", totalStride);
  int64_t steps = 0;
  int64_t reached = 1;
  while (reached < totalStride) {
    reached *= stride;
    ++steps;
  }
  TORCH_CHECK(reached == totalStride, "MaskDownSampler: total_stride ", totalStride,
              " is not a power of stride ", stride);
  return steps;
}

}  // namespace

MaskDownSamplerImpl::MaskDownSamplerImpl(const MaskDownSamplerOptions& options)
    : m_options(options) {
  TORCH_CHECK(options.embedDim > 0 && options.kernelSize > 0 && options.padding >= 0,
              "MaskDownSampler: embed_dim and kernel_size must be positive and padding >= 0, got ",
              options.embedDim, ", ", options.kernelSize, ", ", options.padding);
  const int64_t steps = downsampleSteps(options.stride, options.totalStride);
  encoder = register_module("encoder", torch::nn::Sequential());
  int64_t inChannels = 1;
  int64_t outChannels = 1;
  for (int64_t i = 0; i < steps; ++i) {
    outChannels = inChannels * options.stride * options.stride;
    encoder->push_back(
        torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, options.kernelSize)
                              .stride(options.stride)
                              .padding(options.padding)));
    encoder->push_back(LayerNorm2d(outChannels));
    encoder->push_back(torch::nn::GELU());
    inChannels = outChannels;
  }
  encoder->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(outChannels, options.embedDim, 1)));
}

torch::Tensor MaskDownSamplerImpl::forward(const torch::Tensor& masks) {
  TORCH_CHECK(masks.dim() == 4 && masks.size(1) == 1,
              "MaskDownSampler: masks must be [N, 1, H, W], got ", masks.sizes());
  return encoder->forward(masks);
}

}  // namespace masklet::model
