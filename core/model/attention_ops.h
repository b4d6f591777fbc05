#pragma once
// Scaled dot-product attention shared by Hiera, the two-way transformer and memory attention.
#include <torch/torch.h>

namespace masklet::model {

// softmax(q kᵀ / sqrt(d)) v over the last two dims: q [..., Lq, d], k [..., Lk, d],
// v [..., Lk, dv] -> [..., Lq, dv]. LibTorch >= 2.0 uses the fused kernel; 1.13 has none, so
// it runs blocks of query rows whose scores stay in cache (one reused buffer, softmax in
// place). In bf16 mode (model/precision.h) the products run in bfloat16 and the softmax over
// float32 scores; the result is float32.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v);

}  // namespace masklet::model
