#pragma once
// Elementwise comparison with the fixtures' tolerance: |a - b| <= atol + rtol * |b|.
#include <torch/torch.h>

#include <sstream>
#include <string>

namespace masklet::test {

struct CloseReport {
  bool ok = false;
  double maxAbsDiff = 0.0;
  int64_t mismatches = 0;
  int64_t total = 0;
  std::string message;
};

inline CloseReport compareClose(const torch::Tensor& actual, const torch::Tensor& expected,
                                double atol = 1e-4, double rtol = 1e-4) {
  CloseReport report;
  std::ostringstream text;
  if (actual.sizes() != expected.sizes()) {
    text << "shape mismatch: got " << actual.sizes() << ", expected " << expected.sizes();
    report.message = text.str();
    return report;
  }
  const auto a = actual.detach().to(torch::kFloat64).cpu();
  const auto b = expected.detach().to(torch::kFloat64).cpu();
  const auto diff = (a - b).abs();
  const auto bad = diff > (atol + rtol * b.abs());
  report.total = a.numel();
  report.maxAbsDiff = report.total ? diff.max().item<double>() : 0.0;
  report.mismatches = bad.sum().item<int64_t>();
  report.ok = report.mismatches == 0 && !torch::isnan(a).any().item<bool>();
  text << "max |diff| " << report.maxAbsDiff << ", " << report.mismatches << " of " << report.total
       << " elements outside " << atol << " + " << rtol << "*|expected|";
  report.message = text.str();
  return report;
}

}  // namespace masklet::test
