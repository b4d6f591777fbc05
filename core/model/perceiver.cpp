#include "model/perceiver.h"

#include <cmath>

#include "model/float_norm.h"

namespace masklet::model {

PerceiverResamplerImpl::PerceiverResamplerImpl(const PerceiverResamplerOptions& options)
    : m_options(options) {
  TORCH_CHECK(options.dim > 0 && options.depth > 0,
              "PerceiverResampler: dim and depth must be positive, got ", options.dim, " and ",
              options.depth);
  TORCH_CHECK(options.numLatents > 0 || options.numLatents2d > 0,
              "PerceiverResampler: needs num_latents or num_latents_2d");
  if (options.numLatents > 0)
    latents = register_parameter("latents", torch::randn({options.numLatents, options.dim}));
  if (options.numLatents2d > 0) {
    m_windowsPerSide = static_cast<int64_t>(std::lround(std::sqrt(double(options.numLatents2d))));
    TORCH_CHECK(m_windowsPerSide * m_windowsPerSide == options.numLatents2d,
                "PerceiverResampler: num_latents_2d ", options.numLatents2d,
                " must be a square (one latent per window of a square grid)");
    latents_2d =
        register_parameter("latents_2d", torch::randn({options.numLatents2d, options.dim}));
  }
  PerceiverLayerOptions layer;
  layer.attention.dim = options.dim;
  layer.attention.dimHead = options.dimHead;
  layer.attention.heads = options.heads;
  layer.attention.dropout = options.attentionDropout;
  layer.attention.concatKvLatents = options.concatKvLatents;
  layer.ffMult = options.ffMult;
  layer.hiddenDropout = options.hiddenDropout;
  layer.useSelfAttn = options.useSelfAttn;
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.depth; ++i) layers->push_back(PerceiverEncoderLayer(layer));
  norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dim})));
  if (options.numLatents2d > 0)
    position_encoding =
        register_module("position_encoding", PositionEmbeddingSine(options.positionEncoding));
}

int64_t PerceiverResamplerImpl::numOutputLatents() const {
  return std::max<int64_t>(m_options.numLatents, 0) + std::max<int64_t>(m_options.numLatents2d, 0);
}

std::pair<torch::Tensor, torch::Tensor> PerceiverResamplerImpl::forward(const torch::Tensor& x,
                                                                        const torch::Tensor& pos) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == m_options.dim, "PerceiverResampler: x must be [B, ",
              m_options.dim, ", H, W], got ", x.sizes());
  TORCH_CHECK(!pos.defined() || pos.sizes() == x.sizes(), "PerceiverResampler: pos must match x ",
              x.sizes(), ", got ", pos.sizes());
  std::vector<torch::Tensor> outLatents;
  std::vector<torch::Tensor> outPos;
  if (m_options.numLatents > 0) {
    auto [global, globalPos] = forwardGlobal(x, pos);
    outLatents.push_back(global);
    outPos.push_back(globalPos);
  }
  if (m_options.numLatents2d > 0) {
    auto [windows, windowsPos] = forwardWindows(x);
    outLatents.push_back(windows);
    outPos.push_back(windowsPos);
  }
  auto out = torch::cat(outLatents, 1);
  if (!pos.defined()) return {out, torch::Tensor()};
  return {out, torch::cat(outPos, 1)};
}

std::pair<torch::Tensor, torch::Tensor> PerceiverResamplerImpl::forwardGlobal(
    const torch::Tensor& x, const torch::Tensor& pos) {
  const int64_t batch = x.size(0);
  auto out = latents.unsqueeze(0).expand({batch, -1, -1});
  const auto tokens = x.permute({0, 2, 3, 1}).flatten(1, 2);
  // As the reference: the memory's encoding joins keys and values whenever it is given.
  const auto tokensPos = pos.defined() ? pos.permute({0, 2, 3, 1}).flatten(1, 2) : pos;
  for (const auto& layer : *layers)
    out = layer->as<PerceiverEncoderLayer>()->forward(out, tokens, tokensPos);
  const auto outPos = pos.defined() ? torch::zeros_like(out) : torch::Tensor();
  return {normFloat(norm, out), outPos};
}

std::pair<torch::Tensor, torch::Tensor> PerceiverResamplerImpl::forwardWindows(
    const torch::Tensor& x) {
  const int64_t batch = x.size(0);
  const int64_t channels = x.size(1);
  const int64_t height = x.size(2);
  const int64_t width = x.size(3);
  const int64_t n = m_windowsPerSide;
  // The reference splits both sides into windows of H / n (so W must be split the same way).
  const int64_t window = height / n;
  TORCH_CHECK(window > 0 && height % n == 0 && width == height, "PerceiverResampler: a ", height,
              "x", width, " memory does not split into ", n, "x", n, " windows");
  // One latent per window, windows in row-major order: [B·n², 1, C].
  auto out = latents_2d.unsqueeze(0).expand({batch, -1, -1}).reshape({-1, 1, channels});
  // window_partition of [B, H, W, C]: [B·n², window², C].
  const auto windows = x.permute({0, 2, 3, 1})
                           .reshape({batch, n, window, n, window, channels})
                           .permute({0, 1, 3, 2, 4, 5})
                           .reshape({batch * n * n, window * window, channels});
  for (const auto& layer : *layers)
    out = layer->as<PerceiverEncoderLayer>()->forward(out, windows, torch::Tensor());
  const auto grid = out.reshape({batch, n, n, channels}).permute({0, 3, 1, 2});
  const auto gridPos = position_encoding->forward(grid).permute({0, 2, 3, 1}).flatten(1, 2);
  const auto tokens = grid.permute({0, 2, 3, 1}).flatten(1, 2);
  return {normFloat(norm, tokens), gridPos.to(tokens.scalar_type())};
}

}  // namespace masklet::model
