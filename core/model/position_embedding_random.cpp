#include "model/position_embedding_random.h"

#include <cmath>

namespace masklet::model {

PositionEmbeddingRandomImpl::PositionEmbeddingRandomImpl(
    const PositionEmbeddingRandomOptions& options) {
  TORCH_CHECK(options.numPosFeats > 0, "PositionEmbeddingRandom: numPosFeats must be > 0, got ",
              options.numPosFeats);
  const double scale = options.scale > 0.0 ? options.scale : 1.0;
  // Random like the reference so an unloaded module is still usable; loading overwrites it.
  positional_encoding_gaussian_matrix = register_buffer(
      "positional_encoding_gaussian_matrix", torch::randn({2, options.numPosFeats}) * scale);
}

torch::Tensor PositionEmbeddingRandomImpl::encode(const torch::Tensor& coords) const {
  auto c = coords * 2 - 1;
  c = torch::matmul(c, positional_encoding_gaussian_matrix);
  c = c * (2.0 * M_PI);
  return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

torch::Tensor PositionEmbeddingRandomImpl::forward(const std::array<int64_t, 2>& size) {
  const auto [h, w] = size;
  TORCH_CHECK(h > 0 && w > 0, "PositionEmbeddingRandom: grid size must be positive, got ", h, "x",
              w);
  const auto grid = torch::ones(
      {h, w}, torch::dtype(torch::kFloat32).device(positional_encoding_gaussian_matrix.device()));
  const auto yEmbed = (grid.cumsum(0) - 0.5) / h;
  const auto xEmbed = (grid.cumsum(1) - 0.5) / w;
  return encode(torch::stack({xEmbed, yEmbed}, -1)).permute({2, 0, 1});
}

torch::Tensor PositionEmbeddingRandomImpl::forwardWithCoords(
    const torch::Tensor& coords, const std::array<int64_t, 2>& imageSize) {
  TORCH_CHECK(coords.dim() == 3 && coords.size(2) == 2,
              "PositionEmbeddingRandom: expected point coords [B, N, 2], got ", coords.sizes());
  TORCH_CHECK(coords.is_floating_point(),
              "PositionEmbeddingRandom: point coords must be floating point, got ",
              coords.scalar_type());
  auto normalized = coords.clone();
  normalized.select(2, 0).div_(imageSize[1]);
  normalized.select(2, 1).div_(imageSize[0]);
  return encode(normalized.to(torch::kFloat32));
}

}  // namespace masklet::model
