#pragma once
// Options of the automatic mask generator ("segment everything"): the constructor arguments of
// the official SAM2AutomaticMaskGenerator (sam2/automatic_mask_generator.py), under the same
// names and with the same defaults, so a run's options map 1:1 onto the reference's (the
// fixtures, the CLI flags and the benchmark all name them this way).
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace masklet::tracker {

// How generate() hands back each mask: every mode keeps the RLE; binary_mask and coco_rle are
// conversions a writer makes (kept so the official option round-trips).
enum class AmgOutputMode { BinaryMask, UncompressedRle, CocoRle };

struct AmgOptions {
  // Points along one side of the grid (points_per_side² prompts per crop layer 0); exactly one
  // of points_per_side and point_grids is given.
  std::optional<int> points_per_side = 32;
  int points_per_batch = 64;                 // single-point prompts decoded together
  double pred_iou_thresh = 0.8;              // keep predicted IoU > this (0 disables)
  double stability_score_thresh = 0.95;      // keep stability >= this (0 disables)
  double stability_score_offset = 1.0;       // logit shift of the stability score
  double mask_threshold = 0.0;               // logit cut for binary masks
  double box_nms_thresh = 0.7;               // box IoU cut of NMS within a crop
  int crop_n_layers = 0;                     // layer i adds (2^i)² crops
  double crop_nms_thresh = 0.7;              // box IoU cut of NMS across crops
  double crop_overlap_ratio = 512.0 / 1500;  // overlap of the first crop layer (of the short side)
  int crop_n_points_downscale_factor = 1;    // layer n samples points_per_side / f^n per side
  // Explicit grids per crop layer, normalised to [0, 1] (x, y); used when points_per_side is
  // unset.
  std::vector<std::vector<std::array<double, 2>>> point_grids;
  // Passed to the image predictor as max_hole_area and max_sprinkle_area (the official SAM 2
  // generator does this; small holes and islands of each low-res mask are filled / removed).
  int min_mask_region_area = 0;
  AmgOutputMode output_mode = AmgOutputMode::BinaryMask;
  bool use_m2m = false;          // one refinement step with each mask's own low-res logits
  bool multimask_output = true;  // three candidates per point

  // Throws masklet::Error naming the option when a value is out of range or both / neither
  // of points_per_side and point_grids are given (the reference's asserts).
  void validate() const;
};

AmgOutputMode parseAmgOutputMode(const std::string& name);  // throws masklet::Error
std::string amgOutputModeName(AmgOutputMode mode);

}  // namespace masklet::tracker
