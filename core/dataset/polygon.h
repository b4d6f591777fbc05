#pragma once
// COCO polygon segmentations rasterized exactly as pycocotools frPyObjects / rleFrPoly does it
// (boundary traced at 5x resolution, then sampled at pixel centres), so an imported polygon
// gives the same pixels as in the Python tools.
#include <vector>

#include "dataset/rle.h"

namespace masklet::dataset {

// One polygon as [x0, y0, x1, y1, ...] in pixel coordinates (at least 3 points).
Rle polygonToRle(const std::vector<double>& xy, int height, int width);
// The union of several polygons (one COCO object split in parts).
Rle polygonsToRle(const std::vector<std::vector<double>>& polygons, int height, int width);

}  // namespace masklet::dataset
