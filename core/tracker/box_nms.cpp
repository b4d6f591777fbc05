#include "tracker/box_nms.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "common/error.h"

namespace masklet::tracker {
namespace {

std::vector<int64_t> byScore(const std::vector<float>& scores, std::vector<int64_t> order) {
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return scores[size_t(a)] > scores[size_t(b)]; });
  return order;
}

}  // namespace

std::vector<int64_t> nms(const std::vector<std::array<float, 4>>& boxes,
                         const std::vector<float>& scores, double iouThreshold) {
  if (boxes.size() != scores.size())
    throw Error("nms: " + std::to_string(boxes.size()) + " boxes but " +
                std::to_string(scores.size()) + " scores");
  std::vector<int64_t> all(boxes.size());
  std::iota(all.begin(), all.end(), 0);
  const auto order = byScore(scores, all);
  std::vector<float> areas(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i)
    areas[i] = (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]);
  std::vector<char> suppressed(boxes.size(), 0);
  std::vector<int64_t> keep;
  for (size_t oi = 0; oi < order.size(); ++oi) {
    const auto i = size_t(order[oi]);
    if (suppressed[i]) continue;
    keep.push_back(int64_t(i));
    const auto& bi = boxes[i];
    for (size_t oj = oi + 1; oj < order.size(); ++oj) {
      const auto j = size_t(order[oj]);
      if (suppressed[j]) continue;
      const auto& bj = boxes[j];
      const float w = std::max(0.0f, std::min(bi[2], bj[2]) - std::max(bi[0], bj[0]));
      const float h = std::max(0.0f, std::min(bi[3], bj[3]) - std::max(bi[1], bj[1]));
      const float inter = w * h;
      const float iou = inter / (areas[i] + areas[j] - inter);
      if (static_cast<double>(iou) > iouThreshold) suppressed[j] = 1;
    }
  }
  return keep;
}

std::vector<int64_t> batchedNms(const std::vector<std::array<float, 4>>& boxes,
                                const std::vector<float>& scores,
                                const std::vector<int64_t>& categories, double iouThreshold) {
  if (categories.size() != boxes.size())
    throw Error("batched nms: " + std::to_string(boxes.size()) + " boxes but " +
                std::to_string(categories.size()) + " categories");
  std::map<int64_t, std::vector<int64_t>> groups;
  for (size_t i = 0; i < boxes.size(); ++i) groups[categories[i]].push_back(int64_t(i));
  if (groups.size() <= 1) return nms(boxes, scores, iouThreshold);
  std::vector<int64_t> keep;
  for (const auto& [category, members] : groups) {
    std::vector<std::array<float, 4>> b;
    std::vector<float> s;
    for (auto i : members) {
      b.push_back(boxes[size_t(i)]);
      s.push_back(scores[size_t(i)]);
    }
    for (auto k : nms(b, s, iouThreshold)) keep.push_back(members[size_t(k)]);
  }
  std::sort(keep.begin(), keep.end());
  return byScore(scores, keep);
}

}  // namespace masklet::tracker
