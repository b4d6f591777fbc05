#include "model/dense.h"

namespace masklet::model {

namespace {
// Below this many rows the plain product is as fast and skips oneDNN's set-up.
constexpr int64_t kMinRowsForConvolution = 1024;
}  // namespace

torch::Tensor denseForward(torch::nn::LinearImpl& layer, const torch::Tensor& x) {
  auto& impl = layer;
  const int64_t in = impl.weight.size(1), out = impl.weight.size(0);
  const int64_t rows = x.dim() >= 1 && x.size(-1) == in ? x.numel() / in : 0;
  if (!x.is_cpu() || rows < kMinRowsForConvolution) return impl.forward(x);
  // [rows, in] as an NCHW tensor [1, in, rows, 1] whose strides are channels-last.
  const auto pixels = x.reshape({1, rows, 1, in}).permute({0, 3, 1, 2});
  const auto y = torch::conv2d(pixels, impl.weight.view({out, in, 1, 1}), impl.bias);
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  shape.back() = out;
  // oneDNN answers channels-last, so this is a view; otherwise reshape copies.
  return y.permute({0, 2, 3, 1}).reshape(shape);
}

}  // namespace masklet::model
