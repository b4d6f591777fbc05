#include "tracker/image_preprocess.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.h"

namespace masklet::tracker {

torch::Tensor imagePredictorInput(const cv::Mat& rgb, int64_t imageSize) {
  if (rgb.empty() || rgb.type() != CV_8UC3)
    throw Error("image predictor input: expected a non-empty 8-bit RGB image");
  if (imageSize <= 0)
    throw Error("image predictor input: image size " + std::to_string(imageSize) +
                " must be positive");
  torch::NoGradGuard noGrad;
  const cv::Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
  const auto hwc = torch::from_blob(packed.data, {packed.rows, packed.cols, 3}, torch::kUInt8);
  // ToTensor: HWC uint8 -> CHW float32 / 255 (a float32 division, as torchvision does).
  const auto chw = hwc.permute({2, 0, 1}).contiguous().to(torch::kFloat32).div(255);
  // torchvision's antialiased bilinear resize of a float tensor is this kernel.
  const auto resized =
      at::_upsample_bilinear2d_aa(chw.unsqueeze(0), {imageSize, imageSize}, false).squeeze(0);
  // Normalize: mean and std as float32 tensors, subtract then divide.
  const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
  const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
  return resized.sub(mean).div(std);
}

cv::Mat readRgbImage(const std::string& path) {
  const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  if (bgr.empty())
    throw Error(path + ": cannot read the image (missing, or not JPEG/PNG/BMP/TIFF/WebP)");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

}  // namespace masklet::tracker
