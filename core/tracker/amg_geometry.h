#pragma once
// Geometry of the automatic mask generator (sam2/utils/amg.py): point grids per crop layer,
// crop boxes with overlap, the "touches a crop edge" test and a mask's box. Plain values, no
// tensors, computed with the reference's arithmetic (numpy float64 grids, Python int crops) so
// points and boxes land on exactly the same numbers.
#include <opencv2/core/mat.hpp>

#include <array>
#include <vector>

namespace masklet::tracker {

using AmgPoint = std::array<double, 2>;  // (x, y)
using AmgBox = std::array<int, 4>;       // (x0, y0, x1, y1)

// build_point_grid: n × n points in [0, 1]², row-major (x fastest), cell centres.
std::vector<AmgPoint> buildPointGrid(int pointsPerSide);
// build_all_layer_point_grids: layer i has int(n / scale^i) points per side.
std::vector<std::vector<AmgPoint>> buildAllLayerPointGrids(int pointsPerSide, int layers,
                                                           int scalePerLayer);

struct AmgCrop {
  AmgBox box;  // x0, y0, x1 (exclusive), y1 (exclusive) in image pixels
  int layer = 0;
};
// generate_crop_boxes: the whole image (layer 0), then per layer i >= 1 a (2^i)² grid of
// overlapping crops, x-major (all y0 for the first x0, then the next x0).
std::vector<AmgCrop> generateCropBoxes(int imageHeight, int imageWidth, int layers,
                                       double overlapRatio);

// is_box_near_crop_edge (atol 20 px): `box` is in crop coordinates (x1, y1 inclusive, as
// batched_mask_to_box); true when a side lies near the crop's edge but not the image's.
bool isBoxNearCropEdge(const std::array<float, 4>& box, const AmgBox& crop, const AmgBox& image,
                       float atol = 20.0f);

// batched_mask_to_box for one CV_8U mask: (x0, y0, x1, y1) with x1, y1 the last foreground
// column and row (inclusive), all 0 for an empty mask.
std::array<float, 4> maskBox(const cv::Mat& mask);

}  // namespace masklet::tracker
