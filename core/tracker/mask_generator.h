#pragma once
// "Segment everything": the automatic mask generator (port of the official
// SAM2AutomaticMaskGenerator, sam2/automatic_mask_generator.py with sam2/utils/amg.py). A grid
// of single-click prompts per crop, batched through an image predictor; candidates filtered by
// predicted IoU and stability score, dropped when they touch a crop edge, deduplicated by box
// NMS within a crop and across crops (smaller crops preferred); every kept mask with the
// SA-1B annotation fields. The predictor is an interface (amg_predictor.h) so any model, or the
// fixtures' synthetic predictor, runs it.
//
// Thread-safety: not thread-safe; runs on the thread that owns the predictor's model.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "dataset/rle.h"
#include "tracker/amg_options.h"
#include "tracker/amg_predictor.h"

namespace masklet::tracker {

// One found mask, with the fields of the reference's records (SA-1B's annotation fields).
struct AmgMask {
  dataset::Rle segmentation;             // at the image's size
  int64_t area = 0;                      // foreground pixels
  std::array<double, 4> bbox{};          // x, y, w, h (w = x1 - x0, x1 the last column)
  double predicted_iou = 0.0;            // the model's own quality estimate
  std::array<double, 2> point_coords{};  // the click (x, y) in image pixels
  double stability_score = 0.0;          // IoU of the mask at threshold ± offset
  std::array<double, 4> crop_box{};      // x, y, w, h of the crop it was found in
};

struct AmgProgress {
  int64_t batchesDone = 0;  // point batches finished, over all crops
  int64_t batchesTotal = 0;
};

struct AmgResult {
  std::vector<AmgMask> masks;  // the reference's output order
  bool cancelled = false;      // stopped between batches; masks then empty
};

class MaskGenerator {
 public:
  // Throws masklet::Error for invalid options (AmgOptions::validate).
  MaskGenerator(AmgPredictor& predictor, AmgOptions options);

  const AmgOptions& options() const { return m_options; }

  // generate on a CV_8UC3 RGB image. `progress` (optional) after each batch; `cancel`
  // (optional) is checked between batches. Throws masklet::Error for an empty image.
  AmgResult generate(const cv::Mat& rgb,
                     const std::function<void(const AmgProgress&)>& progress = {},
                     const std::atomic<bool>* cancel = nullptr);

 private:
  AmgPredictor& m_predictor;
  AmgOptions m_options;
  std::vector<std::vector<std::array<double, 2>>> m_pointGrids;
};

}  // namespace masklet::tracker
