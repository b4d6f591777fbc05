#include "tracker/amg_image_predictor.h"

#include <opencv2/imgproc.hpp>

#include "common/error.h"

namespace masklet::tracker {
namespace {

namespace F = torch::nn::functional;

// transforms.postprocess_masks' hole / sprinkle step on one [h, w] float mask, in place:
// components of `select` with at most maxArea pixels take `value`.
void fillSmallComponents(cv::Mat& logits, const cv::Mat& select, int maxArea, float value) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(select, labels, stats, centroids, 8, CV_32S);
  std::vector<char> small(size_t(n), 0);
  bool any = false;
  for (int i = 1; i < n; ++i)
    if (stats.at<int>(i, cv::CC_STAT_AREA) <= maxArea) small[size_t(i)] = any = 1;
  if (!any) return;
  for (int y = 0; y < logits.rows; ++y) {
    const int* lab = labels.ptr<int>(y);
    float* row = logits.ptr<float>(y);
    for (int x = 0; x < logits.cols; ++x)
      if (small[size_t(lab[x])]) row[x] = value;
  }
}

}  // namespace

AmgImagePredictor::AmgImagePredictor(std::shared_ptr<const model::Sam2Model> model,
                                     int minMaskRegionArea, model::Precision precision,
                                     double maskThreshold)
    : m_session(std::move(model), precision),
      m_minRegionArea(minMaskRegionArea),
      m_maskThreshold(static_cast<float>(maskThreshold)) {}

void AmgImagePredictor::setImage(const cv::Mat& rgb) {
  m_session.setImage(rgb);
}

void AmgImagePredictor::reset() {
  m_session.reset();
  m_lowRes = torch::Tensor();
}

AmgPrediction AmgImagePredictor::predict(const torch::Tensor& points,
                                         const torch::Tensor& maskInput, bool multimask) {
  ImagePrompt prompt;
  const int64_t n = points.size(0);
  prompt.pointCoords = points.to(torch::kFloat32).reshape({n, 1, 2});
  prompt.pointLabels = torch::ones({n, 1}, torch::kInt);
  prompt.maskInput = maskInput;
  prompt.multimask = multimask;
  prompt.upscaleMasks = false;
  auto out = m_session.predict(prompt);
  if (n == 1) {  // predict squeezes a single prompt set's batch dimension
    out.masks = out.masks.unsqueeze(0);
    out.ious = out.ious.unsqueeze(0);
    out.lowResLogits = out.lowResLogits.unsqueeze(0);
  }
  m_lowRes = out.masks;
  return {out.ious, out.lowResLogits};
}

torch::Tensor AmgImagePredictor::masks(const std::vector<AmgCandidate>& candidates) {
  if (!m_lowRes.defined()) throw Error("automatic mask generator: masks asked before predict");
  const auto [height, width] = m_session.originalSize(0);
  if (candidates.empty()) return torch::zeros({0, height, width});
  std::vector<torch::Tensor> picked;
  for (const auto& [n, c] : candidates) picked.push_back(m_lowRes[n][c]);
  auto low = torch::stack(picked, 0).contiguous();  // [K, h, w]
  if (m_minRegionArea > 0) {
    for (int64_t k = 0; k < low.size(0); ++k) {
      auto mask = low[k];
      cv::Mat logits(int(mask.size(0)), int(mask.size(1)), CV_32F, mask.data_ptr<float>());
      // Both component sets come from the unfilled mask, as in the reference.
      const cv::Mat background = logits <= m_maskThreshold;
      const cv::Mat foreground = logits > m_maskThreshold;
      fillSmallComponents(logits, background, m_minRegionArea, m_maskThreshold + 10.0f);
      fillSmallComponents(logits, foreground, m_minRegionArea, m_maskThreshold - 10.0f);
    }
  }
  return F::interpolate(low.unsqueeze(1), F::InterpolateFuncOptions()
                                              .size(std::vector<int64_t>{height, width})
                                              .mode(torch::kBilinear)
                                              .align_corners(false))
      .squeeze(1);
}

}  // namespace masklet::tracker
