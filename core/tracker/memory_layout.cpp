#include "tracker/memory_layout.h"

#include <algorithm>
#include <vector>

namespace masklet::tracker {

torch::Tensor memoryTokens(const torch::Tensor& memory) {
  TORCH_CHECK(memory.dim() == 4 || memory.dim() == 3,
              "a stored memory must be a map [B, C, H, W] or latents [B, N, C], got ",
              memory.sizes());
  // The reference's flatten(2).permute(2, 0, 1) and, after the perceiver, permute(1, 0, 2).
  if (memory.dim() == 4) return memory.flatten(2).permute({2, 0, 1});
  return memory.permute({1, 0, 2});
}

torch::Tensor expandToBatch(const torch::Tensor& x, int64_t batch) {
  std::vector<int64_t> sizes(static_cast<std::size_t>(x.dim()), -1);
  sizes.front() = batch;
  return x.expand(sizes);
}

int64_t StoredMemoryLayout::tokens() const {
  if (shape.size() == 4) return shape[2] * shape[3];
  return shape.size() == 3 ? shape[1] : 0;
}

std::size_t StoredMemoryLayout::bytes() const {
  std::size_t count = 1;
  for (const int64_t s : shape) count *= static_cast<std::size_t>(s);
  return count * c10::elementSize(dtype);
}

StoredMemoryLayout storedMemoryLayout(const model::ModelConfig& config, at::ScalarType dtype) {
  StoredMemoryLayout layout;
  layout.dtype = dtype;
  const int64_t memDim = config.memDim();
  if (config.hasSpatialPerceiver()) {
    const auto& perceiver = config.spatial_perceiver;
    const int64_t latents = std::max<int64_t>(perceiver.num_latents, 0) +
                            std::max<int64_t>(perceiver.num_latents_2d, 0);
    layout.shape = {1, latents, memDim};
  } else {
    // The memory encoder works on the image features' grid (stride backbone_stride).
    const int64_t side = config.imageEmbeddingSize();
    layout.shape = {1, memDim, side, side};
  }
  return layout;
}

std::size_t trackStateBytesPerFrame(const model::ModelConfig& config, at::ScalarType memoryDtype) {
  const auto lowRes = static_cast<std::size_t>(config.image_size / 4);
  return lowRes * lowRes * sizeof(float) + storedMemoryLayout(config, memoryDtype).bytes();
}

}  // namespace masklet::tracker
