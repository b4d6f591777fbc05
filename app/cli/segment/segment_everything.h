#pragma once
// masklet-cli segment --everything: the automatic mask generator (tracker::MaskGenerator) on
// still images, no prompts; one SA-1B JSON per image (every record field: segmentation, bbox,
// area, predicted_iou, stability_score, crop_box, point_coords) or one COCO file.
#include <string>
#include <vector>

namespace masklet::cli {

void printSegmentEverythingHelp();
// The full `segment` argument list (with --everything). Returns the exit code.
int runSegmentEverything(const std::vector<std::string>& args);

}  // namespace masklet::cli
