#include "tracker/amg_compare.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "dataset/rle.h"

namespace masklet::tracker {
namespace {

torch::Tensor key(const model::TensorMap& trace, const std::string& name) {
  const auto it = trace.find(name);
  if (it == trace.end()) throw Error("trace.pt has no tensor \"" + name + "\"");
  return it->second;
}

}  // namespace

AmgRunVerdict compareAmgRun(const std::vector<AmgMask>& masks, const model::TensorMap& trace,
                            const std::string& prefix) {
  AmgRunVerdict v;
  auto fail = [&](const std::string& what) {
    if (v.ok) v.problem = what;
    v.ok = false;
  };
  const auto segs = key(trace, prefix + ".segmentations").to(torch::kUInt8).contiguous();
  const auto f64 = [&](const char* name) {
    return key(trace, prefix + "." + name).to(torch::kFloat64).contiguous();
  };
  const auto bbox = f64("bbox"), crop = f64("crop_box"), area = f64("area");
  const auto iou = f64("predicted_iou"), stab = f64("stability_score"), pts = f64("point_coords");
  if (int64_t(masks.size()) != segs.size(0)) {
    fail(std::to_string(masks.size()) + " masks, recorded " + std::to_string(segs.size(0)));
    return v;
  }
  for (int64_t i = 0; i < segs.size(0); ++i) {
    const auto& m = masks[size_t(i)];
    const std::string at = "mask " + std::to_string(i) + ": ";
    const cv::Mat expected(int(segs.size(1)), int(segs.size(2)), CV_8UC1,
                           segs[i].data_ptr<uint8_t>());
    const auto expectedRle = dataset::encodeMask(expected);
    const double maskIou =
        m.segmentation.height == expectedRle.height && m.segmentation.width == expectedRle.width
            ? (dataset::rleArea(expectedRle) == 0 && dataset::rleArea(m.segmentation) == 0
                   ? 1.0
                   : dataset::rleIou(m.segmentation, expectedRle))
            : 0.0;
    v.minMaskIou = std::min(v.minMaskIou, maskIou);
    if (maskIou < 0.999) fail(at + "mask IoU " + std::to_string(maskIou) + " < 0.999");
    for (int k = 0; k < 4; ++k) {
      if (m.bbox[size_t(k)] != bbox[i][k].item<double>()) fail(at + "bbox differs");
      if (m.crop_box[size_t(k)] != crop[i][k].item<double>()) fail(at + "crop_box differs");
    }
    if (double(m.area) != area[i].item<double>())
      fail(at + "area " + std::to_string(m.area) + ", recorded " +
           std::to_string(area[i].item<double>()));
    for (int k = 0; k < 2; ++k)
      v.maxPointDiff =
          std::max(v.maxPointDiff, std::abs(m.point_coords[size_t(k)] - pts[i][k].item<double>()));
    v.maxIouDiff = std::max(v.maxIouDiff, std::abs(m.predicted_iou - iou[i].item<double>()));
    v.maxStabilityDiff =
        std::max(v.maxStabilityDiff, std::abs(m.stability_score - stab[i].item<double>()));
    if (v.maxPointDiff > 1e-3) fail(at + "point_coords beyond 1e-3 px");
    if (v.maxIouDiff > 1e-4) fail(at + "predicted_iou beyond 1e-4");
    if (v.maxStabilityDiff > 1e-4) fail(at + "stability_score beyond 1e-4");
  }
  return v;
}

}  // namespace masklet::tracker
