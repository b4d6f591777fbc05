#include "tracker/prompt_store.h"

#include <utility>

namespace masklet::tracker {

PointInputs makePointInputs(const std::vector<PromptPoint>& points, const std::vector<int>& labels,
                            const std::optional<PromptBox>& box, int videoWidth, int videoHeight,
                            int64_t imageSize) {
  TORCH_CHECK(points.size() == labels.size(), "makePointInputs: ", points.size(), " points but ",
              labels.size(), " labels");
  std::vector<float> coords;
  std::vector<int32_t> allLabels;
  if (box) {
    coords.insert(coords.end(), {box->x0, box->y0, box->x1, box->y1});
    allLabels.insert(allLabels.end(), {2, 3});
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    coords.push_back(points[i].x);
    coords.push_back(points[i].y);
    allLabels.push_back(static_cast<int32_t>(labels[i]));
  }
  const auto n = static_cast<int64_t>(allLabels.size());
  auto coordTensor =
      torch::tensor(coords, torch::TensorOptions().dtype(torch::kFloat32)).reshape({1, n, 2});
  // The reference divides by an integer tensor [W, H] (promoted to float32), then multiplies
  // by the image size: the same two float32 roundings here.
  const auto videoSize =
      torch::tensor({static_cast<int64_t>(videoWidth), static_cast<int64_t>(videoHeight)},
                    torch::TensorOptions().dtype(torch::kLong));
  coordTensor = coordTensor / videoSize;
  coordTensor = coordTensor * imageSize;
  auto labelTensor =
      torch::tensor(allLabels, torch::TensorOptions().dtype(torch::kInt32)).reshape({1, n});
  return PointInputs{coordTensor, labelTensor};
}

PointInputs concatPoints(const std::optional<PointInputs>& old, const PointInputs& added) {
  if (!old) return added;
  return PointInputs{torch::cat({old->point_coords, added.point_coords}, 1),
                     torch::cat({old->point_labels, added.point_labels}, 1)};
}

std::optional<PointInputs> PromptStore::points(int64_t frame) const {
  if (auto it = m_points.find(frame); it != m_points.end()) return it->second;
  return std::nullopt;
}

void PromptStore::setPoints(int64_t frame, PointInputs points) {
  m_points[frame] = std::move(points);
  m_masks.erase(frame);
}

void PromptStore::setMask(int64_t frame, torch::Tensor mask) {
  m_masks[frame] = std::move(mask);
  m_points.erase(frame);
}

std::optional<torch::Tensor> PromptStore::mask(int64_t frame) const {
  if (auto it = m_masks.find(frame); it != m_masks.end()) return it->second;
  return std::nullopt;
}

void PromptStore::clearFrame(int64_t frame) {
  m_points.erase(frame);
  m_masks.erase(frame);
}

void PromptStore::clear() {
  m_points.clear();
  m_masks.clear();
}

std::set<int64_t> PromptStore::promptedFrames() const {
  std::set<int64_t> frames;
  for (const auto& [frame, unused] : m_points) frames.insert(frame);
  for (const auto& [frame, unused] : m_masks) frames.insert(frame);
  return frames;
}

}  // namespace masklet::tracker
