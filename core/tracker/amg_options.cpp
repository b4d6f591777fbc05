#include "tracker/amg_options.h"

#include <string>

#include "common/error.h"

namespace masklet::tracker {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw Error("automatic mask generator: " + message);
}

}  // namespace

void AmgOptions::validate() const {
  require(points_per_side.has_value() != !point_grids.empty(),
          "give exactly one of points_per_side and point_grids");
  if (points_per_side) require(*points_per_side >= 1, "points_per_side must be at least 1");
  require(points_per_batch >= 1, "points_per_batch must be at least 1");
  require(crop_n_layers >= 0, "crop_n_layers must be 0 or more");
  require(crop_n_points_downscale_factor >= 1, "crop_n_points_downscale_factor must be >= 1");
  require(crop_overlap_ratio >= 0.0 && crop_overlap_ratio < 1.0,
          "crop_overlap_ratio must be in [0, 1)");
  require(min_mask_region_area >= 0, "min_mask_region_area must be 0 or more");
  for (double t : {box_nms_thresh, crop_nms_thresh})
    require(t >= 0.0 && t <= 1.0, "NMS thresholds must be in [0, 1]");
  if (!points_per_side)
    require(
        static_cast<int>(point_grids.size()) >= crop_n_layers + 1,
        "point_grids needs one grid per crop layer (" + std::to_string(crop_n_layers + 1) + ")");
  if (points_per_side)
    for (int i = 0, f = 1; i <= crop_n_layers; ++i, f *= crop_n_points_downscale_factor)
      require(*points_per_side / f >= 1, "crop layer " + std::to_string(i) +
                                             " would have no points (points_per_side / " +
                                             "crop_n_points_downscale_factor^layer < 1)");
}

AmgOutputMode parseAmgOutputMode(const std::string& name) {
  if (name == "binary_mask") return AmgOutputMode::BinaryMask;
  if (name == "uncompressed_rle") return AmgOutputMode::UncompressedRle;
  if (name == "coco_rle") return AmgOutputMode::CocoRle;
  throw Error("automatic mask generator: unknown output_mode '" + name +
              "' (binary_mask, uncompressed_rle or coco_rle)");
}

std::string amgOutputModeName(AmgOutputMode mode) {
  switch (mode) {
    case AmgOutputMode::BinaryMask:
      return "binary_mask";
    case AmgOutputMode::UncompressedRle:
      return "uncompressed_rle";
    case AmgOutputMode::CocoRle:
      return "coco_rle";
  }
  return "binary_mask";
}

}  // namespace masklet::tracker
