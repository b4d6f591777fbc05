#include "tracker/convergence_check.h"

#include <string>

#include "common/error.h"

namespace masklet::tracker {

double maskIoU(const torch::Tensor& a, const torch::Tensor& b) {
  const auto ma = a > 0;
  const auto mb = b > 0;
  const int64_t unite = (ma | mb).sum().item<int64_t>();
  if (unite == 0) return 1.0;
  const int64_t inter = (ma & mb).sum().item<int64_t>();
  return static_cast<double>(inter) / static_cast<double>(unite);
}

ConvergenceCheck::ConvergenceCheck(ConvergenceRule rule) : m_rule(rule) {
  if (!(m_rule.iouThreshold > 0.0 && m_rule.iouThreshold <= 1.0))
    throw Error("the convergence IoU threshold must be in (0, 1], got " +
                std::to_string(m_rule.iouThreshold));
  if (m_rule.consecutiveFrames < 1)
    throw Error("the convergence rule needs at least 1 agreeing frame, got " +
                std::to_string(m_rule.consecutiveFrames));
}

bool ConvergenceCheck::agrees(const torch::Tensor& newLogits,
                              const torch::Tensor& oldLogits) const {
  return maskIoU(newLogits, oldLogits) >= m_rule.iouThreshold;
}

void ConvergenceCheck::addFrame(std::optional<bool> allAgree) {
  if (!allAgree) return;
  m_run = *allAgree ? m_run + 1 : 0;
}

}  // namespace masklet::tracker
