#include "model/attention_ops.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>

namespace masklet::model {

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v) {
  TORCH_CHECK(q.dim() >= 2 && q.dim() == k.dim() && k.dim() == v.dim(),
              "attention: q, k, v must have the same rank >= 2, got ", q.sizes(), ", ", k.sizes(),
              ", ", v.sizes());
  TORCH_CHECK(q.size(-1) == k.size(-1), "attention: q and k feature sizes differ: ", q.size(-1),
              " vs ", k.size(-1));
  TORCH_CHECK(k.size(-2) == v.size(-2), "attention: k and v lengths differ: ", k.size(-2), " vs ",
              v.size(-2));
#if TORCH_VERSION_MAJOR >= 2
  return at::scaled_dot_product_attention(q, k, v);
#else
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  const int64_t queries = q.size(-2);
  const int64_t keys = k.size(-2);
  const int64_t batch = q.numel() / std::max<int64_t>(1, queries * q.size(-1));
  constexpr int64_t kMaxScoreElements = int64_t(32) << 20;  // 128 MiB of float32 scores
  const int64_t chunk =
      std::max<int64_t>(1, kMaxScoreElements / std::max<int64_t>(1, batch * keys));
  const auto kT = k.transpose(-2, -1);
  if (chunk >= queries) return torch::matmul(torch::softmax(torch::matmul(q, kT) * scale, -1), v);
  std::vector<torch::Tensor> outputs;
  for (int64_t start = 0; start < queries; start += chunk) {
    const auto qChunk = q.narrow(-2, start, std::min(chunk, queries - start));
    outputs.push_back(torch::matmul(torch::softmax(torch::matmul(qChunk, kT) * scale, -1), v));
  }
  return torch::cat(outputs, -2);
#endif
}

}  // namespace masklet::model
