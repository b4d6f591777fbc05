#include "model/position_encoding.h"

#include <cmath>

#include "common/error.h"

namespace masklet::model {

PositionEmbeddingSineImpl::PositionEmbeddingSineImpl(const PositionEmbeddingSineOptions& options)
    : m_halfFeats(options.numPosFeats / 2),
      m_temperature(options.temperature),
      m_normalize(options.normalize),
      m_scale(options.scale.value_or(2.0 * M_PI)) {
  if (options.numPosFeats <= 0 || options.numPosFeats % 2 != 0)
    throw Error("PositionEmbeddingSine: num_pos_feats must be a positive even number, got " +
                std::to_string(options.numPosFeats));
  if (options.scale.has_value() && !options.normalize)
    throw Error("PositionEmbeddingSine: scale is given but normalize is false (scale needs it)");
}

torch::Tensor PositionEmbeddingSineImpl::encode(int64_t height, int64_t width,
                                                const torch::Device& device) const {
  // Same float32 op sequence as PositionEmbeddingSine._pe so the values match bit for bit.
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  auto yEmbed = torch::arange(1, height + 1, f32).view({-1, 1}).repeat({1, width});
  auto xEmbed = torch::arange(1, width + 1, f32).view({1, -1}).repeat({height, 1});
  if (m_normalize) {
    constexpr double eps = 1e-6;
    yEmbed = yEmbed / (yEmbed.narrow(0, height - 1, 1) + eps) * m_scale;
    xEmbed = xEmbed / (xEmbed.narrow(1, width - 1, 1) + eps) * m_scale;
  }
  auto dimT = torch::arange(m_halfFeats, f32);
  dimT = torch::pow(m_temperature, 2 * torch::floor_divide(dimT, 2) / m_halfFeats);

  auto interleave = [](const torch::Tensor& pos) {
    using torch::indexing::Slice;
    const auto sines = pos.index({"...", Slice(0, torch::indexing::None, 2)}).sin();
    const auto cosines = pos.index({"...", Slice(1, torch::indexing::None, 2)}).cos();
    return torch::stack({sines, cosines}, 3).flatten(2);
  };
  const auto posX = interleave(xEmbed.unsqueeze(-1) / dimT);
  const auto posY = interleave(yEmbed.unsqueeze(-1) / dimT);
  return torch::cat({posY, posX}, 2).permute({2, 0, 1}).contiguous();  // [C, H, W]
}

torch::Tensor PositionEmbeddingSineImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4, "PositionEmbeddingSine: expected a [B, C, H, W] tensor, got ",
              x.sizes());
  const int64_t height = x.size(2);
  const int64_t width = x.size(3);
  torch::Tensor pe;
  {
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    auto& cached = m_cache[{height, width}];
    if (!cached.defined() || cached.device() != x.device())
      cached = encode(height, width, x.device());
    pe = cached;
  }
  // A fresh tensor per call (Python repeats the cached one), so callers may modify it.
  return pe.unsqueeze(0).repeat({x.size(0), 1, 1, 1});
}

}  // namespace masklet::model
