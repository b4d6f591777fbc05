#include "model/attention_ops.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "model/precision.h"

namespace masklet::model {

namespace {

void checkAttentionInputs(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  TORCH_CHECK(q.dim() >= 2 && q.dim() == k.dim() && k.dim() == v.dim(),
              "attention: q, k, v must have the same rank >= 2, got ", q.sizes(), ", ", k.sizes(),
              ", ", v.sizes());
  TORCH_CHECK(q.size(-1) == k.size(-1), "attention: q and k feature sizes differ: ", q.size(-1),
              " vs ", k.size(-1));
  TORCH_CHECK(k.size(-2) == v.size(-2), "attention: k and v lengths differ: ", k.size(-2), " vs ",
              v.size(-2));
}

#if TORCH_VERSION_MAJOR < 2
// Score rows per block: around 32 MiB of float32 scores (memory attention: 256 query rows
// against 28,736 keys). Measured here, smaller blocks lose more to OpenBLAS re-packing the
// keys for every block than they gain in cache hits; the whole matrix (470 MB) is slower too.
constexpr int64_t kBlockScoreElements = int64_t(8) << 20;
constexpr int64_t kMinBlockRows = 64;

int64_t blockRows(int64_t batch, int64_t queries, int64_t keys) {
  const int64_t fit = kBlockScoreElements / std::max<int64_t>(1, batch * keys);
  return std::min(queries, std::max(kMinBlockRows, fit));
}

// softmax(qs kᵀ) v with qs already scaled, over 3-D [batch, L, d] float32 operands, in blocks
// of query rows that reuse one score buffer; the softmax runs in place on it.
torch::Tensor blockedAttention(const torch::Tensor& qs, const torch::Tensor& k,
                               const torch::Tensor& v) {
  const int64_t batch = qs.size(0), queries = qs.size(1), keys = k.size(1);
  const int64_t rows = blockRows(batch, queries, keys);
  // With several blocks, one contiguous kᵀ makes each block's product faster (measured).
  const auto kT = rows < queries ? k.transpose(1, 2).contiguous() : k.transpose(1, 2);
  auto out = torch::empty({batch, queries, v.size(2)}, qs.options());
  auto scores = torch::empty({batch, rows, keys}, qs.options());
  for (int64_t start = 0; start < queries; start += rows) {
    const int64_t n = std::min(rows, queries - start);
    auto block = n == rows ? scores : torch::empty({batch, n, keys}, qs.options());
    at::bmm_out(block, qs.narrow(1, start, n), kT);
    at::_softmax_out(block, block, -1, false);
    auto target = out.narrow(1, start, n);
    at::bmm_out(target, block, v);
  }
  return out;
}

// The same for a few long sequences (memory attention, Hiera's global blocks), with both
// products as 1x1 convolutions over channels-last views so they run in oneDNN: measured here
// ~40% faster than OpenBLAS for the memory attention's 256 x 256 x 28,736 blocks. Query rows
// are the pixels; the keys (then the transposed values) are the weights.
torch::Tensor blockedAttentionOneDnn(const torch::Tensor& qs, const torch::Tensor& k,
                                     const torch::Tensor& v) {
  const int64_t batch = qs.size(0), queries = qs.size(1), keys = k.size(1), dim = qs.size(2),
                valueDim = v.size(2);
  const int64_t rows = blockRows(1, queries, keys);
  auto out = torch::empty({batch, queries, valueDim}, qs.options());
  for (int64_t b = 0; b < batch; ++b) {
    const auto keyWeights = k[b].contiguous().view({keys, dim, 1, 1});
    const auto valueWeights = v[b].t().contiguous().view({valueDim, keys, 1, 1});
    for (int64_t start = 0; start < queries; start += rows) {
      const int64_t n = std::min(rows, queries - start);
      const auto pixels = qs[b].narrow(0, start, n).reshape({1, n, 1, dim}).permute({0, 3, 1, 2});
      auto scores = torch::conv2d(pixels, keyWeights);  // [1, keys, n, 1], channels-last
      auto rowsView = scores.permute({0, 2, 3, 1});     // [1, n, 1, keys]
      if (!rowsView.is_contiguous()) {                  // oneDNN chose another layout
        rowsView = rowsView.contiguous();
        scores = rowsView.permute({0, 3, 1, 2});
      }
      at::_softmax_out(rowsView, rowsView, -1, false);
      const auto mixed = torch::conv2d(scores, valueWeights);  // [1, valueDim, n, 1]
      out[b].narrow(0, start, n).copy_(mixed.permute({0, 2, 3, 1}).reshape({n, valueDim}));
    }
  }
  return out;
}

// The same in bf16 mode: both products take bfloat16 operands with float32 accumulation, as
// bfloat16 hardware (and oneDNN on it) computes them; the softmax runs on float32 scores.
// Without such hardware, LibTorch 1.13's own bfloat16 product accumulates in bfloat16 (measured:
// 6% error over 3,000 keys instead of 0.3%), so the rounding is applied to float32 operands and
// the products run in float32: the numbers of a bf16 machine, at float32 speed.
torch::Tensor blockedAttentionBf16(const torch::Tensor& qs, const torch::Tensor& k,
                                   const torch::Tensor& v) {
  const bool native = !qs.is_cpu() || cpuHasNativeBf16();
  const auto round = [native](const torch::Tensor& x) {
    return native ? x.to(torch::kBFloat16) : x.to(torch::kBFloat16).to(torch::kFloat32);
  };
  // Emulated products must not be cast again by autocast.
  std::optional<PrecisionScope> plain;
  if (!native) plain.emplace(Precision::Fp32, qs.device());
  const auto qb = round(qs), kb = round(k), vb = round(v);
  const int64_t batch = qb.size(0), queries = qb.size(1), keys = kb.size(1);
  const auto kT = kb.transpose(1, 2);
  auto out = torch::empty({batch, queries, v.size(2)}, qs.options());
  const int64_t rows = blockRows(batch, queries, keys);
  for (int64_t start = 0; start < queries; start += rows) {
    const int64_t n = std::min(rows, queries - start);
    auto scores = round(at::bmm(qb.narrow(1, start, n), kT)).to(torch::kFloat32);
    at::_softmax_out(scores, scores, -1, false);
    out.narrow(1, start, n).copy_(round(at::bmm(round(scores), vb)));
  }
  return out;
}
#endif

}  // namespace

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v) {
  checkAttentionInputs(q, k, v);
#if TORCH_VERSION_MAJOR >= 2
  return at::scaled_dot_product_attention(q, k, v);  // fused kernels (autocast-aware)
#else
  const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
  const auto flat = [](const torch::Tensor& x) {
    return x.reshape({-1, x.size(-2), x.size(-1)}).to(torch::kFloat32);
  };
  // Scaling q (Lq x d) instead of the scores (Lq x Lk) saves a pass over the largest tensor.
  const auto qs = flat(q) * scale;
  // The buffer-reusing kernels write into outputs, which autograd refuses: a caller that
  // differentiates gets the plain formula (inference always runs without grad).
  if (at::GradMode::is_enabled() && (q.requires_grad() || k.requires_grad() || v.requires_grad()))
    return torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * scale, -1), v);
  // Few long sequences go to oneDNN; many short ones (Hiera's windows) stay batched in BLAS.
  const bool fewLongSequences = qs.is_cpu() && qs.size(0) <= 16 && k.size(-2) >= 1024;
  const auto out = lowPrecisionActive() ? blockedAttentionBf16(qs, flat(k), flat(v))
                   : fewLongSequences   ? blockedAttentionOneDnn(qs, flat(k), flat(v))
                                        : blockedAttention(qs, flat(k), flat(v));
  std::vector<int64_t> batchShape(q.sizes().begin(), q.sizes().end() - 2);
  batchShape.push_back(q.size(-2));
  batchShape.push_back(v.size(-1));
  return out.view(batchShape);
#endif
}

}  // namespace masklet::model
