#pragma once
// Pillow's bicubic resize (Image.resize((w, h)) with its default filter in Pillow 9.4), bit for
// bit: the official SAM 2 loader makes the model input with it, and OpenCV's cubic resize is a
// different image (no support scaling when shrinking, different rounding).
// Semantics of Pillow's libImaging/Resample.c: separable, horizontal pass first over only the
// rows the vertical pass needs; the filter support grows with the downscale factor
// (anti-aliasing); Keys cubic a = -0.5; per-pixel weights normalized to sum 1, then converted to
// 22-bit fixed point with rounding; each pass rounds and clips to 8 bits.
#include <opencv2/core.hpp>

namespace masklet::video {

// rgb: CV_8UC3 (any channel order, channels are independent). Returns CV_8UC3 outWidth×outHeight.
// Throws masklet::Error on an empty or non-8-bit-3-channel input or a non-positive size.
cv::Mat pillowResizeBicubic(const cv::Mat& rgb, int outWidth, int outHeight);

}  // namespace masklet::video
