#pragma once
// The two layouts of a stored memory. SAM 2 keeps the memory encoder's map [B, mem_dim, H, W];
// EdgeTAM's spatial perceiver turns it into a sequence of latents [B, N, mem_dim] (the global
// latents first, then one latent per 2-D window), with position encodings of the same shape.
// The memory bank, the spill file, the tensor pool and the caches carry either layout as it
// is (they never look inside); only the memory attention's input (seq-first tokens) and the
// batch expansion of the shared position encodings depend on it, and both go through here.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/model_config.h"

namespace masklet::tracker {

// A stored memory or its position encoding as seq-first tokens [N, B, C]: a map [B, C, H, W]
// is flattened row-major (N = H*W), a latent sequence [B, N, C] is transposed. Refuses other
// ranks with the shape it got.
torch::Tensor memoryTokens(const torch::Tensor& memory);

// `x` (batch 1) viewed as `batch` objects, whatever its rank (the one hunk EdgeTAM needs in the
// official predictor's _get_maskmem_pos_enc).
torch::Tensor expandToBatch(const torch::Tensor& x, int64_t batch);

// What one object's stored memory of one frame looks like: the shape of maskmem_features
// (batch 1) and its size in the storage dtype.
struct StoredMemoryLayout {
  std::vector<int64_t> shape;  // [1, C, H, W] (SAM 2) or [1, N, C] (EdgeTAM)
  at::ScalarType dtype = at::kBFloat16;

  int64_t tokens() const;  // what the memory attention reads of it per frame: H*W or N
  std::size_t bytes() const;
};

// The layout a model's memory encoder (and perceiver) gives, stored in `dtype` (the session's
// MemoryPrecision: bfloat16 like the reference, or float32).
StoredMemoryLayout storedMemoryLayout(const model::ModelConfig& config,
                                      at::ScalarType dtype = at::kBFloat16);

// RAM of one tracked (frame, object) in the session's per-frame state, the part the spill
// moves to disk: the low-res mask logits (float32 [1, 1, S/4, S/4]) plus the stored memory.
// The object pointer and score (under 2 KB) stay in RAM and are not counted.
std::size_t trackStateBytesPerFrame(const model::ModelConfig& config,
                                    at::ScalarType memoryDtype = at::kBFloat16);

}  // namespace masklet::tracker
