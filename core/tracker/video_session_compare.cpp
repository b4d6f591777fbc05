#include "tracker/video_session_compare.h"

#include <limits>
#include <sstream>

namespace masklet::tracker {

MaskTolerance MaskTolerance::bfloat16() {
  MaskTolerance t;
  t.compareSigns = true;
  t.minShareWithin = 0.995;
  t.minIoU = 0.99;
  t.minTotalShare = 0.999;
  return t;
}

MaskComparison compareMaskLogits(const torch::Tensor& actual, const torch::Tensor& expected,
                                 const MaskTolerance& tolerance) {
  MaskComparison result;
  if (!actual.defined() || !expected.defined() || actual.sizes() != expected.sizes() ||
      actual.dim() < 2) {
    std::ostringstream problem;
    problem << "mask shape differs: got ";
    if (actual.defined())
      problem << actual.sizes();
    else
      problem << "none";
    problem << ", expected ";
    if (expected.defined())
      problem << expected.sizes();
    else
      problem << "none";
    result.problem = problem.str();
    return result;
  }
  result.shapeMatches = true;
  const int64_t pixels = actual.size(-1) * actual.size(-2);
  const auto a = actual.to(torch::kFloat64).reshape({-1, pixels});
  const auto b = expected.to(torch::kFloat64).reshape({-1, pixels});
  result.masksCompared = a.size(0);
  if (result.masksCompared == 0 || pixels == 0) return result;

  const auto diff = (a - b).abs();
  // NaN anywhere counts as a difference (NaN <= x is false).
  const auto within = tolerance.compareSigns
                          ? (a > 0) == (b > 0)
                          : diff <= (tolerance.absTol + tolerance.relTol * b.abs());
  const auto share = within.to(torch::kFloat64).mean(1);
  const auto fa = a > 0, fb = b > 0;
  const auto inter = (fa & fb).sum(1).to(torch::kFloat64);
  const auto uni = (fa | fb).sum(1).to(torch::kFloat64);
  const auto iou = torch::where(uni > 0, inter / uni.clamp_min(1), torch::ones_like(uni));

  result.maxAbsDiff = diff.max().item<double>();
  if (diff.isnan().any().item<bool>()) result.maxAbsDiff = std::numeric_limits<double>::quiet_NaN();
  result.minShareWithin = share.min().item<double>();
  result.minIoU = iou.min().item<double>();
  std::ostringstream problem;
  if (result.minShareWithin < tolerance.minShareWithin) {
    const int64_t worst = share.argmin().item<int64_t>();
    problem << "mask " << worst << ": only " << result.minShareWithin * 100.0
            << "% of pixels within tolerance (need " << tolerance.minShareWithin * 100.0 << "%)";
  }
  const double total = within.to(torch::kFloat64).mean().item<double>();
  if (total < tolerance.minTotalShare) {
    if (problem.tellp() > 0) problem << "; ";
    problem << "only " << total * 100.0 << "% of all pixels match (need "
            << tolerance.minTotalShare * 100.0 << "%)";
  }
  if (result.minIoU < tolerance.minIoU) {
    const int64_t worst = iou.argmin().item<int64_t>();
    if (problem.tellp() > 0) problem << "; ";
    problem << "mask " << worst << ": IoU " << result.minIoU << " < " << tolerance.minIoU;
  }
  result.problem = problem.str();
  return result;
}

}  // namespace masklet::tracker
