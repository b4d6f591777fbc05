#include "model/repvit_stage.h"

namespace masklet::model {

RepVitStemImpl::RepVitStemImpl(int64_t inChans, int64_t outChans) {
  conv1 = register_module("conv1", ConvNorm(ConvNormOptions{inChans, outChans / 2, 3, 2, 1, 1}));
  conv2 = register_module("conv2", ConvNorm(ConvNormOptions{outChans / 2, outChans, 3, 2, 1, 1}));
}

torch::Tensor RepVitStemImpl::forward(const torch::Tensor& x) {
  return conv2->forward(torch::gelu(conv1->forward(x)));
}

RepVitDownsampleImpl::RepVitDownsampleImpl(int64_t inDim, int64_t mlpRatio, int64_t outDim,
                                           int64_t kernelSize) {
  pre_block = register_module("pre_block", RepViTBlock(inDim, mlpRatio, kernelSize, false));
  spatial_downsample = register_module(
      "spatial_downsample",
      ConvNorm(ConvNormOptions{inDim, inDim, kernelSize, 2, (kernelSize - 1) / 2, inDim}));
  channel_downsample =
      register_module("channel_downsample", ConvNorm(ConvNormOptions{inDim, outDim, 1, 1, 0, 1}));
  ffn = register_module("ffn", RepVitMlp(outDim, outDim * mlpRatio));
}

torch::Tensor RepVitDownsampleImpl::forward(const torch::Tensor& x) {
  const auto y = channel_downsample->forward(spatial_downsample->forward(pre_block->forward(x)));
  return ffn->forward(y) + y;
}

RepVitStageImpl::RepVitStageImpl(const RepVitStageOptions& options) {
  TORCH_CHECK(options.downsample || options.inDim == options.outDim,
              "RepVitStage: a stage without downsample keeps its width, got ", options.inDim,
              " -> ", options.outDim);
  if (options.downsample)
    downsample = register_module(
        "downsample",
        RepVitDownsample(options.inDim, options.mlpRatio, options.outDim, options.kernelSize));
  blocks = register_module("blocks", torch::nn::Sequential());
  bool useSe = true;  // SE on the first block, then every other one
  for (int64_t i = 0; i < options.depth; ++i) {
    blocks->push_back(RepViTBlock(options.outDim, options.mlpRatio, options.kernelSize, useSe));
    useSe = !useSe;
  }
}

torch::Tensor RepVitStageImpl::forward(torch::Tensor x) {
  if (downsample) x = downsample->forward(x);
  return blocks->forward(x);
}

}  // namespace masklet::model
