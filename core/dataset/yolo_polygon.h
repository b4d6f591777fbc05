#pragma once
// A mask as the one polygon per instance that Ultralytics YOLO segmentation reads: the outlines
// of every part and hole (OpenCV contours through the boundary pixels, simplified by a tolerance)
// joined into one path the way Ultralytics' merge_multi_segment joins COCO segments (each joined
// at its closest points, there and back along zero-width bridges, so holes stay holes).
#include <vector>

#include <opencv2/core/mat.hpp>

namespace masklet::dataset {

// Pixel coordinates [x0, y0, x1, y1, ...] (pixel indices, as cv::fillPoly draws them); empty
// for an empty mask. `tolerance`: cv::approxPolyDP epsilon in pixels (0: no simplification).
std::vector<double> maskToYoloPolygon(const cv::Mat& mask, double tolerance);
// Ultralytics' rasterisation (polygon2mask / cv::fillPoly) of one such polygon, CV_8U 0/1.
cv::Mat rasterizeYoloPolygon(const std::vector<double>& xy, int height, int width);

}  // namespace masklet::dataset
