#pragma once
// The stop rule of "re-track until converged": while a propagation replaces an earlier run's
// masks, each frame's new masks are compared with the ones they replace; once every object
// agrees (IoU of the > 0 masks at least the threshold) on enough consecutive frames, the rest
// of the earlier run is taken as it is instead of being tracked again.
// Thread-safety: plain value type.
#include <torch/torch.h>

#include <cstdint>
#include <optional>

#include "tracker/propagate_types.h"

namespace masklet::tracker {

// IoU of (a > 0) and (b > 0), two logit maps of one object of the same size; 1 when both are
// empty.
double maskIoU(const torch::Tensor& a, const torch::Tensor& b);

class ConvergenceCheck {
 public:
  // Throws masklet::Error when the rule cannot work (threshold outside (0, 1], K < 1).
  explicit ConvergenceCheck(ConvergenceRule rule);

  const ConvergenceRule& rule() const { return m_rule; }
  bool agrees(const torch::Tensor& newLogits, const torch::Tensor& oldLogits) const;
  // One frame's verdict: whether every re-tracked object agreed with the earlier run, or
  // nothing when no object was re-tracked on it (conditioning frames are kept, so they say
  // nothing about convergence).
  void addFrame(std::optional<bool> allAgree);
  bool converged() const { return m_run >= m_rule.consecutiveFrames; }
  int64_t agreeingFrames() const { return m_run; }

 private:
  ConvergenceRule m_rule;
  int64_t m_run = 0;
};

}  // namespace masklet::tracker
