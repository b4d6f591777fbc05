#pragma once
// The closed-form predictor of the automatic-mask-generator fixtures: random weights give
// every click the same full-frame blob, so the official generator was recorded with this function
// standing in for predictor._predict. Implemented here (not only in a test) so `masklet-cli replay`
// re-runs such a fixture too. Every value is computed in float64, then stored as float32, like the
// recording; clicks go through the image predictor's coordinate transform first (float32).
#include "tracker/amg_predictor.h"

#include <array>
#include <vector>

namespace masklet::tracker {

class AmgSyntheticPredictor : public AmgPredictor {
 public:
  // imageSize: the model's input side S (clicks are mapped to [0, S) before the formula).
  explicit AmgSyntheticPredictor(int imageSize);

  void setImage(const cv::Mat& rgb) override;
  AmgPrediction predict(const torch::Tensor& points, const torch::Tensor& maskInput,
                        bool multimask) override;
  torch::Tensor masks(const std::vector<AmgCandidate>& candidates) override;
  void reset() override;

 private:
  int m_imageSize;
  int m_height = 0, m_width = 0;
  std::vector<std::array<double, 2>> m_uv;  // last predict's clicks, model input / S
  bool m_refine = false;                    // the last predict had a mask input (g = 1.1)
};

}  // namespace masklet::tracker
