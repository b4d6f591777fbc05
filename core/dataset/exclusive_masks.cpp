#include "dataset/exclusive_masks.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace masklet::dataset {

cv::Mat exclusiveIdImage(const std::map<int, MaskAnnotation>& masks, int height, int width) {
  std::vector<std::pair<double, int>> order;  // (score, track id), painted lowest first
  for (const auto& [trackId, mask] : masks)
    order.emplace_back(mask.predictedIou.value_or(-std::numeric_limits<double>::infinity()),
                       trackId);
  // Higher score paints last; on equal scores the lower id paints last (so it wins).
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  cv::Mat ids(height, width, CV_32SC1, cv::Scalar(kNoTrack));
  for (const auto& entry : order) ids.setTo(entry.second, decodeRle(masks.at(entry.second).rle));
  return ids;
}

std::map<int, Rle> exclusiveMasks(const std::map<int, MaskAnnotation>& masks) {
  std::map<int, Rle> result;
  if (masks.empty()) return result;
  const Rle& first = masks.begin()->second.rle;
  const cv::Mat ids = exclusiveIdImage(masks, first.height, first.width);
  for (const auto& entry : masks) {
    const Rle rle = encodeMask(ids == entry.first);
    if (rleArea(rle) > 0) result[entry.first] = rle;
  }
  return result;
}

}  // namespace masklet::dataset
