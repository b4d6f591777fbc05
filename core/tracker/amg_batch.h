#pragma once
// One batch of the automatic mask generator (the reference's _process_batch and
// refine_with_m2m): clicks through the predictor, the predicted-IoU and stability filters,
// binary masks and their boxes, the crop-edge filter, RLE at the image's size. Split from
// mask_generator.cpp so the per-candidate work sits in one place (and its cost: only
// candidates that pass the IoU filter are resized to full resolution).
#include <array>
#include <vector>

#include "dataset/rle.h"
#include "tracker/amg_geometry.h"
#include "tracker/amg_options.h"
#include "tracker/amg_predictor.h"

namespace masklet::tracker {

// A kept candidate of one crop, before the crop's NMS. Values in the reference's dtypes.
struct AmgCropMask {
  dataset::Rle rle;            // uncropped: the whole image's size
  std::array<float, 4> box{};  // x0, y0, x1, y1 (inclusive) in crop pixels
  float predictedIou = 0.0f;
  float stability = 0.0f;
  std::array<float, 2> point{};  // the click in crop pixels
};

struct AmgCropContext {
  AmgBox crop;  // in image pixels (x1, y1 exclusive)
  int imageHeight = 0;
  int imageWidth = 0;
};

// `points` are the batch's clicks in crop pixels (float32, as the reference converts them).
std::vector<AmgCropMask> processAmgBatch(AmgPredictor& predictor, const AmgOptions& options,
                                         const std::vector<std::array<float, 2>>& points,
                                         const AmgCropContext& context);

}  // namespace masklet::tracker
