#include "model/hiera_block.h"

#include "common/error.h"
#include "model/dense.h"
#include "model/float_norm.h"
#include "model/hiera_window.h"

namespace masklet::model {

MultiScaleBlockImpl::MultiScaleBlockImpl(const MultiScaleBlockOptions& options)
    : m_options(options) {
  if (options.qStride && options.windowSize > 0 && options.windowSize < (*options.qStride)[0])
    throw Error("Hiera block: window size " + std::to_string(options.windowSize) +
                " is smaller than the q-pooling stride " + std::to_string((*options.qStride)[0]));
  norm1 = register_module(
      "norm1",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dim}).eps(options.normEps)));
  attn =
      register_module("attn", MultiScaleAttention(MultiScaleAttentionOptions{
                                  options.dim, options.dimOut, options.numHeads, options.qStride}));
  norm2 = register_module(
      "norm2",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dimOut}).eps(options.normEps)));
  MLPOptions mlpOptions;
  mlpOptions.inputDim = options.dimOut;
  mlpOptions.hiddenDim =
      static_cast<int64_t>(static_cast<double>(options.dimOut) * options.mlpRatio);
  mlpOptions.outputDim = options.dimOut;
  mlpOptions.numLayers = 2;
  mlpOptions.activation = "gelu";  // nn.GELU(): the exact erf form
  mlp = register_module("mlp", MLP(mlpOptions));
  if (options.dim != options.dimOut)
    proj = register_module("proj", torch::nn::Linear(options.dim, options.dimOut));
}

torch::Tensor MultiScaleBlockImpl::forward(const torch::Tensor& input) {
  TORCH_CHECK(input.dim() == 4 && input.size(3) == m_options.dim,
              "MultiScaleBlock: expected [B, H, W, ", m_options.dim, "], got ", input.sizes());
  auto shortcut = input;
  auto x = normFloat(norm1, input);
  if (m_options.dim != m_options.dimOut) {
    shortcut = denseForward(*proj, x);
    if (m_options.qStride) shortcut = maxPoolChannelsLast(shortcut, *m_options.qStride);
  }

  int64_t windowSize = m_options.windowSize;
  std::array<int64_t, 2> hw{x.size(1), x.size(2)};
  std::array<int64_t, 2> paddedHw = hw;
  if (windowSize > 0) {
    auto partition = windowPartition(x, windowSize);
    x = std::move(partition.windows);
    paddedHw = partition.paddedHw;
  }

  x = attn->forward(x);
  if (m_options.qStride) {
    // Queries were pooled: the windows and the grid shrank by the stride.
    windowSize = m_options.windowSize / (*m_options.qStride)[0];
    hw = {shortcut.size(1), shortcut.size(2)};
    if (windowSize > 0) {
      const int64_t padH = (windowSize - hw[0] % windowSize) % windowSize;
      const int64_t padW = (windowSize - hw[1] % windowSize) % windowSize;
      paddedHw = {hw[0] + padH, hw[1] + padW};
    }
  }
  if (m_options.windowSize > 0) x = windowUnpartition(x, windowSize, paddedHw, hw);

  x = shortcut + x;  // drop_path is the identity at inference
  return x + mlp->forward(normFloat(norm2, x));
}

}  // namespace masklet::model
