#include "video/model_input.h"

#include "common/error.h"
#include "video/pillow_resize.h"

namespace masklet::video {

std::vector<float> normalizeToChw(const cv::Mat& resizedRgb, const ModelInputOptions& options) {
  if (resizedRgb.empty() || resizedRgb.type() != CV_8UC3)
    throw Error("model input: expected a non-empty 8-bit RGB image");
  const int height = resizedRgb.rows;
  const int width = resizedRgb.cols;
  const size_t plane = static_cast<size_t>(height) * width;
  std::vector<float> chw(3 * plane);
  for (int c = 0; c < 3; ++c) {
    // Same arithmetic as the loader: uint8 / 255.0 in double, stored as float32, then
    // (x - mean) / std in float32.
    float lookup[256];
    for (int v = 0; v < 256; ++v)
      lookup[v] = (static_cast<float>(v / 255.0) - options.mean[c]) / options.std[c];
    float* out = chw.data() + c * plane;
    for (int y = 0; y < height; ++y) {
      const uint8_t* row = resizedRgb.ptr<uint8_t>(y);
      for (int x = 0; x < width; ++x)
        out[static_cast<size_t>(y) * width + x] = lookup[row[3 * x + c]];
    }
  }
  return chw;
}

std::vector<float> makeModelInput(const cv::Mat& rgb, const ModelInputOptions& options) {
  if (options.imageSize <= 0)
    throw Error("model input: image size " + std::to_string(options.imageSize) +
                " must be positive");
  return normalizeToChw(pillowResizeBicubic(rgb, options.imageSize, options.imageSize), options);
}

}  // namespace masklet::video
