#include "tracker/sine_pe.h"

namespace masklet::tracker {

torch::Tensor get1dSinePe(const torch::Tensor& posInds, int64_t dim, int64_t temperature) {
  TORCH_CHECK(dim >= 2 && dim % 2 == 0, "get1dSinePe: dim must be even and >= 2, got ", dim);
  TORCH_CHECK(posInds.is_floating_point(), "get1dSinePe: positions must be floating point, got ",
              posInds.scalar_type());
  const int64_t peDim = dim / 2;
  // Same operation order as the reference so the float32 rounding matches.
  auto dimT = torch::arange(peDim, posInds.options().dtype(torch::kFloat32));
  dimT = torch::pow(c10::Scalar(temperature), 2 * torch::div(dimT, 2, "floor") / peDim);
  const auto posEmbed = posInds.unsqueeze(-1) / dimT;
  return torch::cat({posEmbed.sin(), posEmbed.cos()}, -1);
}

}  // namespace masklet::tracker
