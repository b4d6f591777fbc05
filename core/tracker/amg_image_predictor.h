#pragma once
// The automatic mask generator's predictor on a real model: ImageSession (the
// SAM2ImagePredictor port) behind AmgPredictor. Like the reference's generator it builds its
// predictor with max_hole_area = max_sprinkle_area = min_mask_region_area: small background
// holes (logit <= threshold) become +10 and small foreground islands -10 on the low-res logits,
// 8-connected components by OpenCV (the reference's CUDA kernel; the official code skips the
// step where that kernel is missing, Masklet runs it everywhere).
//
// Thread-safety: as ImageSession, owned by the model's thread.
#include <memory>

#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/amg_predictor.h"
#include "tracker/image_prompt.h"
#include "tracker/image_session.h"

namespace masklet::tracker {

class AmgImagePredictor : public AmgPredictor {
 public:
  AmgImagePredictor(std::shared_ptr<const model::Sam2Model> model, int minMaskRegionArea,
                    model::Precision precision = model::Precision::Fp32,
                    double maskThreshold = 0.0);

  void setImage(const cv::Mat& rgb) override;
  AmgPrediction predict(const torch::Tensor& points, const torch::Tensor& maskInput,
                        bool multimask) override;
  torch::Tensor masks(const std::vector<AmgCandidate>& candidates) override;
  void reset() override;

 private:
  ImageSession m_session;
  int m_minRegionArea = 0;
  float m_maskThreshold = 0.0f;
  torch::Tensor m_lowRes;  // [N, C, h, w] unclamped logits of the last predict
};

}  // namespace masklet::tracker
