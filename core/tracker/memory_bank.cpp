#include "tracker/memory_bank.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "common/error.h"

namespace masklet::tracker {

CondFrameSelection selectClosestCondFrames(int64_t frameIdx,
                                           const std::map<int64_t, TrackOutput>& condOutputs,
                                           int64_t maxCondFrameNum) {
  CondFrameSelection result;
  if (maxCondFrameNum == -1 || static_cast<int64_t>(condOutputs.size()) <= maxCondFrameNum) {
    for (const auto& [t, out] : condOutputs) result.selected.emplace_back(t, &out);
    return result;
  }
  if (maxCondFrameNum < 2)
    throw Error("max_cond_frames_in_attn must be -1 (no limit) or at least 2, got " +
                std::to_string(maxCondFrameNum));

  std::map<int64_t, const TrackOutput*> chosen;
  // The closest conditioning frame before frameIdx.
  auto after = condOutputs.lower_bound(frameIdx);
  if (after != condOutputs.begin()) {
    auto before = std::prev(after);
    result.selected.emplace_back(before->first, &before->second);
    chosen.emplace(before->first, &before->second);
  }
  // The closest conditioning frame at or after frameIdx.
  if (after != condOutputs.end()) {
    result.selected.emplace_back(after->first, &after->second);
    chosen.emplace(after->first, &after->second);
  }
  // The temporally closest others; a stable sort keeps ascending order among equal distances,
  // as Python's sorted() does over the dict's order.
  std::vector<int64_t> remaining;
  for (const auto& [t, out] : condOutputs)
    if (chosen.count(t) == 0) remaining.push_back(t);
  std::stable_sort(remaining.begin(), remaining.end(), [frameIdx](int64_t a, int64_t b) {
    return std::llabs(a - frameIdx) < std::llabs(b - frameIdx);
  });
  const auto numRemain = std::max<int64_t>(0, maxCondFrameNum - int64_t(result.selected.size()));
  for (size_t i = 0; i < remaining.size(); ++i) {
    const auto& out = condOutputs.at(remaining[i]);
    if (int64_t(i) < numRemain)
      result.selected.emplace_back(remaining[i], &out);
    else
      result.unselected.emplace(remaining[i], &out);
  }
  return result;
}

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t memoryFrameIndex(int64_t frameIdx, int64_t tRel, int64_t stride, bool trackInReverse) {
  if (stride < 1)
    throw Error("memory_temporal_stride_for_eval must be at least 1, got " +
                std::to_string(stride));
  if (tRel == 1) return trackInReverse ? frameIdx + 1 : frameIdx - 1;
  if (!trackInReverse) {
    // The nearest stride-th frame before frameIdx - 1, then further back by whole strides.
    const int64_t nearest = floorDiv(frameIdx - 2, stride) * stride;
    return nearest - (tRel - 2) * stride;
  }
  // The nearest stride-th frame after frameIdx + 1 (a ceiling division), then further ahead.
  const int64_t nearest = -floorDiv(-(frameIdx + 2), stride) * stride;
  return nearest + (tRel - 2) * stride;
}

}  // namespace masklet::tracker
