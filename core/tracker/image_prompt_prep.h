#pragma once
// SAM2ImagePredictor._prep_prompts and the prompt merge at the start of _predict: image-pixel
// coordinates scaled to the model input, boxes turned into two corner points (labels 2, 3)
// placed before the clicks, mask logits given a batch dimension. Shape errors the reference
// would only hit deep inside the model are refused here with a clear message.
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <optional>
#include <utility>

#include "tracker/image_prompt.h"

namespace masklet::tracker {

struct PreparedImagePrompt {
  // Point coords [B, N, 2] in model-input pixels and int32 labels [B, N], or none.
  std::optional<std::pair<torch::Tensor, torch::Tensor>> points;
  std::optional<torch::Tensor> maskInput;  // [B, 1, h, w] float32
};

// originalSize: (height, width) of the prompted image; imageSize: the model's S;
// maskInputSize: the prompt encoder's mask size (h, w). Throws masklet::Error.
PreparedImagePrompt prepareImagePrompt(const ImagePrompt& prompt, std::pair<int, int> originalSize,
                                       int64_t imageSize,
                                       const std::array<int64_t, 2>& maskInputSize,
                                       const torch::Device& device);

}  // namespace masklet::tracker
