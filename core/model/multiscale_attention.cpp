#include "model/multiscale_attention.h"

#include "common/error.h"
#include "model/attention_ops.h"
#include "model/dense.h"

namespace masklet::model {

torch::Tensor maxPoolChannelsLast(const torch::Tensor& x, const std::array<int64_t, 2>& qStride) {
  const auto pooled = torch::max_pool2d(x.permute({0, 3, 1, 2}), {qStride[0], qStride[1]},
                                        {qStride[0], qStride[1]});
  return pooled.permute({0, 2, 3, 1});
}

MultiScaleAttentionImpl::MultiScaleAttentionImpl(const MultiScaleAttentionOptions& options)
    : m_options(options) {
  if (options.numHeads <= 0 || options.dimOut % options.numHeads != 0)
    throw Error("MultiScaleAttention: dim_out " + std::to_string(options.dimOut) +
                " is not divisible by num_heads " + std::to_string(options.numHeads));
  qkv = register_module("qkv", torch::nn::Linear(options.dim, options.dimOut * 3));
  proj = register_module("proj", torch::nn::Linear(options.dimOut, options.dimOut));
}

torch::Tensor MultiScaleAttentionImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(3) == m_options.dim,
              "MultiScaleAttention: expected [B, H, W, ", m_options.dim, "], got ", x.sizes());
  const int64_t batch = x.size(0);
  int64_t height = x.size(1), width = x.size(2);
  const int64_t heads = m_options.numHeads;
  // (B, H*W, 3, heads, C) -> q, k, v each (B, H*W, heads, C)
  const auto parts = denseForward(*qkv, x).reshape({batch, height * width, 3, heads, -1}).unbind(2);
  auto q = parts[0];
  if (m_options.qStride) {
    q = maxPoolChannelsLast(q.reshape({batch, height, width, -1}), *m_options.qStride);
    height = q.size(1);
    width = q.size(2);
    q = q.reshape({batch, height * width, heads, -1});
  }
  auto out = scaledDotProductAttention(q.transpose(1, 2), parts[1].transpose(1, 2),
                                       parts[2].transpose(1, 2));
  out = out.transpose(1, 2).reshape({batch, height, width, -1});
  return denseForward(*proj, out);
}

}  // namespace masklet::model
