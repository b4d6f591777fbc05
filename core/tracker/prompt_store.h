#pragma once
// The prompts of one object, per frame (the reference's point_inputs_per_obj[obj] and
// mask_inputs_per_obj[obj]), and the conversion of user prompts in video pixels into the
// model's input space. A frame holds points (a box being its first two points) or a mask,
// never both.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "tracker/track_output.h"

namespace masklet::tracker {

// A point in video pixels (x to the right, y down), as the user clicked it.
struct PromptPoint {
  float x = 0.0f;
  float y = 0.0f;
};

// A box in video pixels: top-left (x0, y0), bottom-right (x1, y1).
struct PromptBox {
  float x0 = 0.0f;
  float y0 = 0.0f;
  float x1 = 0.0f;
  float y1 = 0.0f;
};

// Point inputs for the model (batch 1) from video-pixel points, labels (1 positive,
// 0 negative) and an optional box (prepended as two points labelled 2 and 3): coordinates
// divided by the video size and scaled by imageSize, in float32 as the reference computes them.
PointInputs makePointInputs(const std::vector<PromptPoint>& points, const std::vector<int>& labels,
                            const std::optional<PromptBox>& box, int videoWidth, int videoHeight,
                            int64_t imageSize);

// concat_points: `added` appended after `old` (when there is one).
PointInputs concatPoints(const std::optional<PointInputs>& old, const PointInputs& added);

class PromptStore {
 public:
  // The points of `frame`, if it has any.
  std::optional<PointInputs> points(int64_t frame) const;
  // Stores points for `frame` (replacing them) and drops a mask prompt there.
  void setPoints(int64_t frame, PointInputs points);
  // Stores a mask prompt [1, 1, S, S] for `frame` and drops the points there.
  void setMask(int64_t frame, torch::Tensor mask);
  std::optional<torch::Tensor> mask(int64_t frame) const;
  // Drops both kinds of prompt on `frame`.
  void clearFrame(int64_t frame);
  void clear();
  // Frames with points or a mask, ascending.
  std::set<int64_t> promptedFrames() const;
  bool empty() const { return m_points.empty() && m_masks.empty(); }

 private:
  std::map<int64_t, PointInputs> m_points;
  std::map<int64_t, torch::Tensor> m_masks;
};

}  // namespace masklet::tracker
