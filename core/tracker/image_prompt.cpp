#include "tracker/image_prompt.h"

#include <string>

#include "common/error.h"

namespace masklet::tracker {

ImagePrompt ImagePrompt::fromPoints(const std::vector<std::array<float, 2>>& points,
                                    const std::vector<int>& labels) {
  if (points.size() != labels.size())
    throw Error("image prompt: " + std::to_string(points.size()) + " points but " +
                std::to_string(labels.size()) + " labels; give one label per point");
  ImagePrompt prompt;
  prompt.pointCoords = torch::empty({static_cast<int64_t>(points.size()), 2});
  prompt.pointLabels = torch::empty({static_cast<int64_t>(labels.size())}, torch::kInt32);
  auto coords = prompt.pointCoords.accessor<float, 2>();
  auto values = prompt.pointLabels.accessor<int32_t, 1>();
  for (size_t i = 0; i < points.size(); ++i) {
    coords[i][0] = points[i][0];
    coords[i][1] = points[i][1];
    values[i] = labels[i];
  }
  return prompt;
}

ImagePrompt ImagePrompt::fromBox(const std::array<float, 4>& box) {
  ImagePrompt prompt;
  prompt.box = torch::tensor({box[0], box[1], box[2], box[3]});
  return prompt;
}

ImagePrompt ImagePrompt::fromBoxes(const std::vector<std::array<float, 4>>& boxes) {
  ImagePrompt prompt;
  prompt.box = torch::empty({static_cast<int64_t>(boxes.size()), 4});
  auto values = prompt.box.accessor<float, 2>();
  for (size_t i = 0; i < boxes.size(); ++i)
    for (int k = 0; k < 4; ++k) values[i][k] = boxes[i][k];
  return prompt;
}

int64_t ImagePrediction::bestIndex() const {
  if (!ious.defined() || ious.dim() != 1 || ious.numel() == 0)
    throw Error("image prediction: the best mask is defined for a single prompt set only");
  return ious.argmax().item<int64_t>();
}

}  // namespace masklet::tracker
