#pragma once
// Post-processing of predicted mask logits: hole filling (sam2.utils.misc
// fill_holes_in_mask_scores), resizing to the video resolution and the optional
// non-overlap constraint of the video predictor's outputs.
#include <torch/torch.h>

#include <cstdint>

namespace masklet::tracker {

// Logit given to filled hole pixels (the reference's "small positive mask score").
inline constexpr float kFilledHoleScore = 0.1f;

// masks [N, 1, H, W] float logits: every 8-connected component of background pixels
// (logit <= 0) with at most maxArea pixels is set to kFilledHoleScore. Components touching the
// border count too, as in the reference's CUDA kernel. The reference silently skips this step
// when its CUDA extension is missing (always on CPU); here it runs with OpenCV everywhere.
// maxArea <= 0 returns the masks unchanged.
torch::Tensor fillHolesInMaskScores(const torch::Tensor& masks, int64_t maxArea);

// Bilinear resize (align_corners=False, no antialias) of [N, C, h, w] logits to height x width;
// returns the input when it already has that size.
torch::Tensor resizeMaskLogits(const torch::Tensor& masks, int64_t height, int64_t width);

}  // namespace masklet::tracker
