#pragma once
// The model's input image made from a video frame exactly like the official SAM 2 loader:
// Pillow bicubic resize to S×S, /255, ImageNet mean/std, float32 CHW.
#include <opencv2/core.hpp>

#include <vector>

namespace masklet::video {

struct ModelInputOptions {
  int imageSize = 1024;  // S, the model config's image_size
  float mean[3] = {0.485f, 0.456f, 0.406f};
  float std[3] = {0.229f, 0.224f, 0.225f};
};

// rgb: CV_8UC3 in R,G,B order (FrameSource::frame). Returns 3*S*S floats, channel-major
// (C, H, W). Throws masklet::Error on a bad image or size.
std::vector<float> makeModelInput(const cv::Mat& rgb, const ModelInputOptions& options);

// The normalization alone, for an image already resized to S×S (CV_8UC3 RGB).
std::vector<float> normalizeToChw(const cv::Mat& resizedRgb, const ModelInputOptions& options);

}  // namespace masklet::video
