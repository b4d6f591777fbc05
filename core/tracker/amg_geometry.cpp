#include "tracker/amg_geometry.h"

#include <algorithm>
#include <cmath>

namespace masklet::tracker {
namespace {

// numpy.linspace(start, stop, n) as numpy computes it: i * step + start, the last value stop.
std::vector<double> linspace(double start, double stop, int n) {
  std::vector<double> out(static_cast<size_t>(std::max(n, 0)));
  if (n == 1) {
    out[0] = start;
    return out;
  }
  const double step = (stop - start) / (n - 1);
  for (int i = 0; i < n; ++i) out[size_t(i)] = static_cast<double>(i) * step + start;
  if (n > 1) out.back() = stop;
  return out;
}

}  // namespace

std::vector<AmgPoint> buildPointGrid(int pointsPerSide) {
  const double offset = 1.0 / (2 * pointsPerSide);
  const auto side = linspace(offset, 1 - offset, pointsPerSide);
  std::vector<AmgPoint> points;
  points.reserve(side.size() * side.size());
  for (double y : side)
    for (double x : side) points.push_back({x, y});
  return points;
}

std::vector<std::vector<AmgPoint>> buildAllLayerPointGrids(int pointsPerSide, int layers,
                                                           int scalePerLayer) {
  std::vector<std::vector<AmgPoint>> grids;
  double scale = 1.0;
  for (int i = 0; i <= layers; ++i, scale *= scalePerLayer)
    grids.push_back(buildPointGrid(static_cast<int>(pointsPerSide / scale)));
  return grids;
}

std::vector<AmgCrop> generateCropBoxes(int imageHeight, int imageWidth, int layers,
                                       double overlapRatio) {
  std::vector<AmgCrop> crops{{{0, 0, imageWidth, imageHeight}, 0}};
  const int shortSide = std::min(imageHeight, imageWidth);
  auto cropLen = [](int origLen, int nCrops, int overlap) {
    return static_cast<int>(
        std::ceil((static_cast<double>(overlap) * (nCrops - 1) + origLen) / nCrops));
  };
  for (int layer = 0; layer < layers; ++layer) {
    const int nPerSide = 1 << (layer + 1);
    const int overlap = static_cast<int>(overlapRatio * shortSide * (2.0 / nPerSide));
    const int cropW = cropLen(imageWidth, nPerSide, overlap);
    const int cropH = cropLen(imageHeight, nPerSide, overlap);
    for (int i = 0; i < nPerSide; ++i)
      for (int j = 0; j < nPerSide; ++j) {
        const int x0 = (cropW - overlap) * i, y0 = (cropH - overlap) * j;
        crops.push_back(
            {{x0, y0, std::min(x0 + cropW, imageWidth), std::min(y0 + cropH, imageHeight)},
             layer + 1});
      }
  }
  return crops;
}

bool isBoxNearCropEdge(const std::array<float, 4>& box, const AmgBox& crop, const AmgBox& image,
                       float atol) {
  const float offset[4] = {float(crop[0]), float(crop[1]), float(crop[0]), float(crop[1])};
  for (int i = 0; i < 4; ++i) {
    const float b = box[size_t(i)] + offset[i];
    const bool nearCrop = std::abs(b - float(crop[size_t(i)])) <= atol;
    const bool nearImage = std::abs(b - float(image[size_t(i)])) <= atol;
    if (nearCrop && !nearImage) return true;
  }
  return false;
}

std::array<float, 4> maskBox(const cv::Mat& mask) {
  int x0 = mask.cols, y0 = mask.rows, x1 = -1, y1 = -1;
  for (int y = 0; y < mask.rows; ++y) {
    const auto* row = mask.ptr<unsigned char>(y);
    int first = -1, last = -1;
    for (int x = 0; x < mask.cols; ++x)
      if (row[x]) {
        if (first < 0) first = x;
        last = x;
      }
    if (first < 0) continue;
    y0 = std::min(y0, y);
    y1 = y;
    x0 = std::min(x0, first);
    x1 = std::max(x1, last);
  }
  if (x1 < 0) return {0, 0, 0, 0};
  return {float(x0), float(y0), float(x1), float(y1)};
}

}  // namespace masklet::tracker
