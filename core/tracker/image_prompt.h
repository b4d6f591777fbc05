#pragma once
// Prompts and results of the image predictor (SAM2ImagePredictor.predict): tensors in the
// reference's shapes, so the port stays checkable against it. An undefined tensor is None.
#include <torch/torch.h>

#include <array>
#include <vector>

namespace masklet::tracker {

struct ImagePrompt {
  torch::Tensor pointCoords;  // float [N, 2] or [B, N, 2], (x, y) in image pixels
  torch::Tensor pointLabels;  // int [N] or [B, N]: 1 positive, 0 negative
  torch::Tensor box;          // float [4] or [B, 4] (x0, y0, x1, y1): B boxes, one mask set each
  torch::Tensor maskInput;    // low-res logits [1, h, w] or [B, 1, h, w] (a previous lowResLogits)
  bool multimask = true;      // three candidates instead of one
  // Coordinates are image pixels (true, the reference's default) or already in [0, 1].
  bool normalizeCoords = true;
  // false: ImagePrediction::masks holds the low-res logits before clamping, not resized (callers
  // that resize only the masks they keep, like the automatic mask generator).
  bool upscaleMasks = true;

  // Convenience builders from plain values (points and labels of equal length).
  static ImagePrompt fromPoints(const std::vector<std::array<float, 2>>& points,
                                const std::vector<int>& labels);
  static ImagePrompt fromBox(const std::array<float, 4>& box);
  static ImagePrompt fromBoxes(const std::vector<std::array<float, 4>>& boxes);
};

// What predict returns, with the reference's squeeze(0): a single prompt set gives [C, ...],
// a batch of B > 1 boxes gives [B, C, ...]. C = 3 with multimask, else 1.
struct ImagePrediction {
  torch::Tensor masks;         // float32 logits at the image's size [C, H, W] / [B, C, H, W]
  torch::Tensor ious;          // float32 predicted IoU [C] / [B, C]
  torch::Tensor lowResLogits;  // float32 [C, S/4, S/4] / [B, C, S/4, S/4], clamped to ±32

  // Index of the highest predicted IoU (single prompt set only).
  int64_t bestIndex() const;
};

}  // namespace masklet::tracker
