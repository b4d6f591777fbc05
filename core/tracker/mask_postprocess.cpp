#include "tracker/mask_postprocess.h"

#include <opencv2/imgproc.hpp>

#include <vector>

namespace masklet::tracker {

torch::Tensor fillHolesInMaskScores(const torch::Tensor& masks, int64_t maxArea) {
  if (maxArea <= 0) return masks;
  TORCH_CHECK(masks.dim() == 4 && masks.size(1) == 1,
              "fillHolesInMaskScores: expected masks [N, 1, H, W], got ", masks.sizes());
  TORCH_CHECK(masks.scalar_type() == torch::kFloat32,
              "fillHolesInMaskScores: expected float32 logits, got ", masks.scalar_type());
  // OpenCV works on host memory; the result goes back to the masks' device.
  auto result = masks.to(torch::kCPU).contiguous().clone();
  const int height = static_cast<int>(masks.size(2));
  const int width = static_cast<int>(masks.size(3));
  for (int64_t n = 0; n < result.size(0); ++n) {
    float* logits = result[n][0].data_ptr<float>();
    const cv::Mat scores(height, width, CV_32F, logits);
    cv::Mat background;
    cv::compare(scores, 0.0, background, cv::CMP_LE);  // 255 where logit <= 0
    cv::Mat labels, stats, centroids;
    const int count =
        cv::connectedComponentsWithStats(background, labels, stats, centroids, 8, CV_32S);
    // Label 0 is OpenCV's "not background" (foreground); holes are the small other labels.
    std::vector<char> isHole(count, 0);
    bool anyHole = false;
    for (int label = 1; label < count; ++label) {
      if (stats.at<int>(label, cv::CC_STAT_AREA) <= maxArea) {
        isHole[label] = 1;
        anyHole = true;
      }
    }
    if (!anyHole) continue;
    for (int y = 0; y < height; ++y) {
      const int* row = labels.ptr<int>(y);
      for (int x = 0; x < width; ++x)
        if (isHole[row[x]]) logits[static_cast<int64_t>(y) * width + x] = kFilledHoleScore;
    }
  }
  return result.to(masks.device());
}

torch::Tensor resizeMaskLogits(const torch::Tensor& masks, int64_t height, int64_t width) {
  TORCH_CHECK(masks.dim() == 4, "resizeMaskLogits: expected [N, C, H, W], got ", masks.sizes());
  if (masks.size(2) == height && masks.size(3) == width) return masks;
  namespace F = torch::nn::functional;
  return F::interpolate(masks, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{height, width})
                                   .mode(torch::kBilinear)
                                   .align_corners(false));
}

}  // namespace masklet::tracker
