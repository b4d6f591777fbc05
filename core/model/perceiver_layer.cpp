#include "model/perceiver_layer.h"

#include "model/dense.h"

namespace masklet::model {
namespace {

// perceiver.FeedForward(dim, mult): LayerNorm, Linear(dim, int(dim·mult)) without bias, GELU,
// Linear back without bias.
torch::nn::Sequential feedForward(int64_t dim, double mult) {
  const auto inner = static_cast<int64_t>(static_cast<double>(dim) * mult);
  TORCH_CHECK(inner > 0, "perceiver FeedForward: ff_mult ", mult, " leaves no hidden units");
  return torch::nn::Sequential(torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})),
                               torch::nn::Linear(torch::nn::LinearOptions(dim, inner).bias(false)),
                               torch::nn::GELU(),
                               torch::nn::Linear(torch::nn::LinearOptions(inner, dim).bias(false)));
}

// The block's layers, the norm in float32 (bf16 mode) and the linear layers as denseForward.
torch::Tensor runFeedForward(const torch::nn::Sequential& block, const torch::Tensor& x) {
  const auto norm = block->ptr<torch::nn::LayerNormImpl>(0);
  const auto hidden =
      denseForward(*block->ptr<torch::nn::LinearImpl>(1), norm->forward(x.to(torch::kFloat32)));
  return denseForward(*block->ptr<torch::nn::LinearImpl>(3), torch::gelu(hidden));
}

}  // namespace

PerceiverEncoderLayerImpl::PerceiverEncoderLayerImpl(const PerceiverLayerOptions& options)
    : m_options(options) {
  const int64_t dim = options.attention.dim;
  attn = register_module("attn", PerceiverAttention(options.attention));
  ff = register_module("ff", feedForward(dim, options.ffMult));
  if (options.useSelfAttn) {
    self_attn = register_module("self_attn", PerceiverSelfAttention(options.attention));
    self_ff = register_module("self_ff", feedForward(dim, options.ffMult));
  }
}

torch::Tensor PerceiverEncoderLayerImpl::forward(torch::Tensor latents, const torch::Tensor& x,
                                                 const torch::Tensor& pos) {
  TORCH_CHECK(!is_training() || m_options.hiddenDropout == 0.0,
              "PerceiverEncoderLayer: dropout is training-only and not supported; call eval()");
  latents = attn->forward(latents, x, pos) + latents;
  latents = runFeedForward(ff, latents) + latents;
  if (self_attn) {
    latents = self_attn->forward(latents) + latents;
    latents = runFeedForward(self_ff, latents) + latents;
  }
  return latents;
}

}  // namespace masklet::model
