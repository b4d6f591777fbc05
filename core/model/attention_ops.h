#pragma once
// Scaled dot-product attention shared by Hiera, the two-way transformer and memory attention.
#include <torch/torch.h>

namespace masklet::model {

// softmax(q kᵀ / sqrt(d)) v over the last two dims: q [..., Lq, d], k [..., Lk, d],
// v [..., Lk, dv] -> [..., Lq, dv]. LibTorch >= 2.0 uses the fused kernel; 1.13 has none, so
// it runs matmul + softmax in query chunks that keep each score matrix under ~128 MiB.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v);

}  // namespace masklet::model
