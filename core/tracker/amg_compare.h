#pragma once
// Checks a generator run against an automatic-mask-generator fixture's recording at the
// fixture README's bounds: the same number of masks in the same order, each mask IoU >= 0.999,
// bbox / crop_box / area exact, point_coords within 1e-3 px, predicted_iou and
// stability_score within 1e-4. Shared by the parity test and `masklet-cli replay`.
#include <string>
#include <vector>

#include "model/checkpoint_reader.h"
#include "tracker/mask_generator.h"

namespace masklet::tracker {

struct AmgRunVerdict {
  bool ok = true;
  std::string problem;  // the first mismatch, "" when ok
  double minMaskIou = 1.0;
  double maxIouDiff = 0.0;        // predicted_iou
  double maxStabilityDiff = 0.0;  // stability_score
  double maxPointDiff = 0.0;      // px
};

// `prefix` is "run<k>" (trace keys <prefix>.segmentations, .bbox, ...). Throws masklet::Error
// when a key is missing.
AmgRunVerdict compareAmgRun(const std::vector<AmgMask>& masks, const model::TensorMap& trace,
                            const std::string& prefix);

}  // namespace masklet::tracker
