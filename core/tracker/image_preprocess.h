#pragma once
// The image predictor's model input (sam2/utils/transforms.py SAM2Transforms): ToTensor ([0, 1]
// float32), torchvision Resize((S, S)) bilinear with antialias, then ImageNet mean/std. This is
// not the video predictor's loader (Pillow bicubic, video/model_input.h): the two predictors
// preprocess differently and each port follows its own reference. It lives in tracker because
// it needs LibTorch's antialiased kernel, which the video library does not link.
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>

namespace masklet::tracker {

// rgb: CV_8UC3 in R, G, B order, any size. Returns float32 [3, S, S] on the CPU, S =
// imageSize (the model config's image_size). Throws masklet::Error on an empty or non-RGB
// image or a non-positive size.
torch::Tensor imagePredictorInput(const cv::Mat& rgb, int64_t imageSize);

// Reads an image file (JPEG, PNG, BMP, TIFF, WebP; EXIF orientation not applied, like
// Pillow's Image.open) as CV_8UC3 RGB. Throws masklet::Error naming the file if unreadable.
cv::Mat readRgbImage(const std::string& path);

}  // namespace masklet::tracker
