#pragma once
// How a session's masks are judged against a session recorded with the official predictor:
// elementwise |a-b| <= abs + rel*|b| on at least 99.9% of the pixels, and IoU(a > 0, b > 0)
// >= 0.99 for every object on every frame. LibTorch and PyTorch may round differently (other
// kernels, other summation orders), so logits differ slightly; a wrong mask still fails.
#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace masklet::tracker {

struct MaskTolerance {
  double absTol = 1e-3;
  double relTol = 1e-3;
  double minShareWithin = 0.999;  // of the pixels of each object mask on each frame
  double minIoU = 0.99;
  // The bfloat16 bound instead (fixtures README "bfloat16 compute"): a pixel matches when its
  // sign agrees, each object mask keeps minShareWithin of them and the whole comparison (one
  // step) keeps minTotalShare.
  bool compareSigns = false;
  double minTotalShare = 0.0;

  // IoU >= 0.99 and >= 99.5% same-sign pixels per object and frame, >= 99.9% per step.
  static MaskTolerance bfloat16();
};

struct MaskComparison {
  bool shapeMatches = false;
  double maxAbsDiff = 0.0;
  double minShareWithin = 1.0;  // the worst object/frame
  double minIoU = 1.0;          // the worst object/frame (both empty counts as 1)
  int64_t masksCompared = 0;    // object masks (one per object and frame)
  std::string problem;          // empty when everything matches

  bool ok() const { return problem.empty(); }
};

// actual and expected: mask logits [..., H, W] of the same shape (e.g. [objects, 1, H, W] or
// [frames, objects, 1, H, W]); every H x W slice is one object mask on one frame.
MaskComparison compareMaskLogits(const torch::Tensor& actual, const torch::Tensor& expected,
                                 const MaskTolerance& tolerance = {});

}  // namespace masklet::tracker
