#pragma once
// The review signals of the objects on one frame (object score and predicted IoU per object),
// taken from each object's tracking output; NaN stands for an object without output there.
// They are gathered as tensors and read back in one copy: on a GPU every single-value read is
// a host-device synchronisation, and a frame of K objects would otherwise pay 2K of them.
#include <cstdint>
#include <limits>
#include <vector>

#include "tracker/track_output.h"

namespace masklet::tracker {

inline constexpr float kNoSignal = std::numeric_limits<float>::quiet_NaN();

class FrameSignals {
 public:
  explicit FrameSignals(int64_t objects) : m_scores(size_t(objects)), m_ious(size_t(objects)) {}

  // Object i's signals, where its output has them.
  void add(const TrackOutput& out, int64_t i) {
    if (out.object_score_logits.defined())
      m_scores[size_t(i)] = out.object_score_logits.flatten().slice(0, 0, 1);
    if (out.predicted_iou.defined()) m_ious[size_t(i)] = out.predicted_iou.flatten().slice(0, 0, 1);
  }

  // Every object's score and IoU (kNoSignal where absent), with one device-to-host copy.
  void read(std::vector<float>& scores, std::vector<float>& ious) const {
    scores.assign(m_scores.size(), kNoSignal);
    ious.assign(m_ious.size(), kNoSignal);
    std::vector<torch::Tensor> present;
    for (const auto* list : {&m_scores, &m_ious})
      for (const auto& value : *list)
        if (value.defined()) present.push_back(value.to(torch::kFloat32));
    if (present.empty()) return;
    const auto host = torch::cat(present).to(torch::kCPU);
    const float* next = host.data_ptr<float>();
    for (size_t i = 0; i < m_scores.size(); ++i)
      if (m_scores[i].defined()) scores[i] = *next++;
    for (size_t i = 0; i < m_ious.size(); ++i)
      if (m_ious[i].defined()) ious[i] = *next++;
  }

 private:
  std::vector<torch::Tensor> m_scores, m_ious;
};

}  // namespace masklet::tracker
