#include "model/rope.h"

namespace masklet::model {

namespace {

// One rotation of pairs: x [..., L, D] -> the products with the phasors [.., L, D/2].
torch::Tensor rotatePairs(const torch::Tensor& x, const torch::Tensor& cos,
                          const torch::Tensor& sin) {
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end() - 1);
  shape.push_back(x.size(-1) / 2);
  shape.push_back(2);
  const auto pairs = x.to(torch::kFloat32).reshape(shape);
  const auto re = pairs.select(-1, 0);
  const auto im = pairs.select(-1, 1);
  const auto c = reshapeForBroadcast(cos, re.dim());
  const auto s = reshapeForBroadcast(sin, re.dim());
  return torch::stack({re * c - im * s, re * s + im * c}, -1).flatten(-2);
}

}  // namespace

AxialRopeFreqs AxialRopeFreqs::to(const torch::Device& device) const {
  return {cos.to(device), sin.to(device)};
}

AxialRopeFreqs computeAxialCis(int64_t dim, int64_t endX, int64_t endY, double theta) {
  TORCH_CHECK(dim > 0 && dim % 4 == 0,
              "axial RoPE: per-head dim must be a positive multiple of 4, got ", dim);
  TORCH_CHECK(endX > 0 && endY > 0, "axial RoPE: grid must be non-empty, got ", endX, "x", endY);
  // 1 / theta^(arange(0, dim, 4)[:dim/4] / dim), in float32 like the reference.
  const auto exponents =
      torch::arange(0, dim, 4, torch::kLong).slice(0, 0, dim / 4).to(torch::kFloat32) /
      static_cast<double>(dim);
  const auto freqs = 1.0 / torch::pow(theta, exponents);
  const auto t = torch::arange(endX * endY, torch::kFloat32);
  const auto tX = torch::remainder(t, static_cast<double>(endX));
  const auto tY = torch::div(t, static_cast<double>(endX), "floor");
  const auto angles = torch::cat({torch::outer(tX, freqs), torch::outer(tY, freqs)}, -1);
  return {torch::cos(angles), torch::sin(angles)};
}

torch::Tensor reshapeForBroadcast(const torch::Tensor& table, int64_t rank) {
  TORCH_CHECK(table.dim() == 2 && rank >= 2,
              "axial RoPE: table must be [L, D/2] for rank >= 2, got ", table.sizes(), " for rank ",
              rank);
  std::vector<int64_t> shape(static_cast<size_t>(rank), 1);
  shape[rank - 2] = table.size(0);
  shape[rank - 1] = table.size(1);
  return table.view(shape);
}

std::pair<torch::Tensor, torch::Tensor> applyRotaryEnc(const torch::Tensor& xq,
                                                       const torch::Tensor& xk,
                                                       const AxialRopeFreqs& freqs,
                                                       bool repeatFreqsK) {
  TORCH_CHECK(xq.dim() >= 2 && xq.size(-1) % 2 == 0,
              "axial RoPE: queries must be [..., L, D] with even D, got ", xq.sizes());
  TORCH_CHECK(freqs.cos.size(0) == xq.size(-2) && freqs.cos.size(1) * 2 == xq.size(-1),
              "axial RoPE: phasor table is [", freqs.cos.size(0), ", ", freqs.cos.size(1),
              "] but queries need [", xq.size(-2), ", ", xq.size(-1) / 2, "]");
  const auto qOut = rotatePairs(xq, freqs.cos, freqs.sin).to(xq.scalar_type());
  if (xk.size(-2) == 0) return {qOut, xk};  // no keys left to rotate

  auto cos = freqs.cos;
  auto sin = freqs.sin;
  if (repeatFreqsK) {
    const int64_t lq = xq.size(-2);
    TORCH_CHECK(xk.size(-2) % lq == 0, "axial RoPE: ", xk.size(-2),
                " rotated keys are not a whole number of ", lq, "-token frames");
    const int64_t r = xk.size(-2) / lq;
    cos = cos.repeat({r, 1});
    sin = sin.repeat({r, 1});
  }
  TORCH_CHECK(cos.size(0) == xk.size(-2), "axial RoPE: ", xk.size(-2),
              " keys to rotate but phasors for ", cos.size(0),
              " (cross-attention to more keys needs rope_k_repeat)");
  const auto kOut = rotatePairs(xk, cos, sin).to(xk.scalar_type());
  return {qOut, kOut};
}

torch::Tensor applyRotaryEncV2(const torch::Tensor& x, const AxialRopeFreqs& freqs,
                               int64_t repeat) {
  TORCH_CHECK(x.dim() == 4 && x.size(-1) % 2 == 0,
              "axial RoPE v2: expected [B, heads, N, D] with even D, got ", x.sizes());
  TORCH_CHECK(repeat >= 0,
              "axial RoPE v2: the number of spatial memories must be given (>= 0), got ", repeat);
  if (repeat == 0)
    TORCH_CHECK(x.size(-2) == 0, "axial RoPE v2: ", x.size(-2),
                " tokens to rotate but no spatial memory");
  if (x.size(-2) == 0) return x;
  const int64_t ropeTokens = freqs.tokens();
  TORCH_CHECK(freqs.cos.size(1) * 2 == x.size(-1), "axial RoPE v2: phasors for ",
              freqs.cos.size(1) * 2, " features, tokens have ", x.size(-1));
  const int64_t n = x.size(-2);
  TORCH_CHECK(n % repeat == 0 && n / repeat >= ropeTokens, "axial RoPE v2: ", n, " tokens are not ",
              repeat, " memories of at least ", ropeTokens, " tokens");
  const int64_t perMemory = n / repeat;
  // [B, h, repeat, perMemory, D]: each memory's leading tokens stay, its grid tokens turn.
  const auto blocks = x.reshape({x.size(0), x.size(1), repeat, perMemory, x.size(-1)});
  const auto grid = blocks.narrow(3, perMemory - ropeTokens, ropeTokens);
  const auto turned = rotatePairs(grid, freqs.cos, freqs.sin).to(x.scalar_type());
  if (perMemory == ropeTokens) return turned.reshape(x.sizes());
  const auto kept = blocks.narrow(3, 0, perMemory - ropeTokens);
  return torch::cat({kept, turned}, 3).reshape(x.sizes());
}

}  // namespace masklet::model
