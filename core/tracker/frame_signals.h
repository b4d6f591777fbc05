#pragma once
// The review signals of the objects on one frame (object score and predicted IoU per object),
// taken from each object's tracking output; NaN stands for an object without output there.
#include <cstdint>
#include <limits>
#include <vector>

#include "tracker/track_output.h"

namespace masklet::tracker {

inline constexpr float kNoSignal = std::numeric_limits<float>::quiet_NaN();

// Writes the signals of object i's output into scores[i] and ious[i] where it has them.
inline void addSignals(const TrackOutput& out, std::vector<float>& scores, std::vector<float>& ious,
                       int64_t i) {
  if (out.object_score_logits.defined())
    scores[size_t(i)] = out.object_score_logits.flatten()[0].item<float>();
  if (out.predicted_iou.defined()) ious[size_t(i)] = out.predicted_iou.flatten()[0].item<float>();
}

}  // namespace masklet::tracker
