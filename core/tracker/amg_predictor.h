#pragma once
// What the automatic mask generator needs from an image predictor, as a small interface: the
// real one (AmgImagePredictor, over ImageSession, any model and precision) and the fixtures'
// closed-form synthetic predictor (AmgSyntheticPredictor) stand behind it, so the generator's
// logic is checked against the official one independently of the model.
//
// predict answers one batch of single positive clicks (the reference's predictor._predict with
// return_logits); full-resolution masks are then asked for only the candidates the generator
// keeps (the reference resizes every candidate, then filters most of them away).
#include <torch/torch.h>

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace masklet::tracker {

struct AmgPrediction {
  torch::Tensor ious;          // float32 [N, C] predicted IoU, C = 3 with multimask, else 1
  torch::Tensor lowResLogits;  // float32 [N, C, S/4, S/4] (mask inputs of the m2m refinement)
};

// (prompt index n, candidate c) of the last predict.
using AmgCandidate = std::pair<int64_t, int64_t>;

class AmgPredictor {
 public:
  virtual ~AmgPredictor() = default;
  // set_image on the image or crop the next predicts prompt (CV_8UC3 RGB).
  virtual void setImage(const cv::Mat& rgb) = 0;
  // points float32 [N, 2] (x, y) in pixels of that image, one positive click each;
  // maskInput undefined or [N, 1, S/4, S/4] low-res logits.
  virtual AmgPrediction predict(const torch::Tensor& points, const torch::Tensor& maskInput,
                                bool multimask) = 0;
  // Float32 logits [K, H, W] at the image's size for candidates of the last predict, as the
  // reference's predict returns them (post-processing and resizing included).
  virtual torch::Tensor masks(const std::vector<AmgCandidate>& candidates) = 0;
  // reset_predictor: forget the image.
  virtual void reset() = 0;
};

}  // namespace masklet::tracker
