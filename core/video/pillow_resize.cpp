#include "video/pillow_resize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/error.h"

namespace masklet::video {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // two spare bits for negative lobes and overshoot
constexpr double kSupport = 2.0;            // bicubic

double bicubic(double x) {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// Per output pixel: the first input pixel, how many are used, and their fixed-point weights.
struct Coefficients {
  int taps = 0;                  // weights per output pixel (ksize)
  std::vector<int> first;        // xmin
  std::vector<int> count;        // xmax - xmin
  std::vector<int32_t> weights;  // outSize * taps
};

Coefficients computeCoefficients(int inSize, int outSize) {
  // Pillow passes the box edges as float; (float)(in1 - in0) / outSize in double.
  const double scale = static_cast<double>(static_cast<float>(inSize)) / outSize;
  const double filterScale = std::max(scale, 1.0);
  const double support = kSupport * filterScale;
  Coefficients c;
  c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
  c.first.resize(outSize);
  c.count.resize(outSize);
  c.weights.assign(static_cast<size_t>(outSize) * c.taps, 0);
  std::vector<double> w(c.taps);
  for (int out = 0; out < outSize; ++out) {
    const double center = (out + 0.5) * scale;
    const double inverse = 1.0 / filterScale;
    // (int) truncation as in Pillow ("round the value" by +0.5 then truncate toward zero).
    int xmin = static_cast<int>(center - support + 0.5);
    xmin = std::max(xmin, 0);
    int xmax = static_cast<int>(center + support + 0.5);
    xmax = std::min(xmax, inSize) - xmin;
    double sum = 0.0;
    for (int x = 0; x < xmax; ++x) {
      w[x] = bicubic((x + xmin - center + 0.5) * inverse);
      sum += w[x];
    }
    for (int x = 0; x < xmax; ++x) {
      const double normalized = sum != 0.0 ? w[x] / sum : w[x];
      // Round half away from zero into fixed point, as normalize_coeffs_8bpc.
      c.weights[static_cast<size_t>(out) * c.taps + x] =
          normalized < 0 ? static_cast<int32_t>(-0.5 + normalized * (1 << kPrecisionBits))
                         : static_cast<int32_t>(0.5 + normalized * (1 << kPrecisionBits));
    }
    c.first[out] = xmin;
    c.count[out] = std::max(xmax, 0);
  }
  return c;
}

inline uint8_t clip8(int32_t value) {
  const int32_t shifted = value >> kPrecisionBits;  // arithmetic shift, floors negatives
  return static_cast<uint8_t>(std::clamp(shifted, 0, 255));
}

}  // namespace

cv::Mat pillowResizeBicubic(const cv::Mat& rgb, int outWidth, int outHeight) {
  if (rgb.empty() || rgb.type() != CV_8UC3)
    throw Error("resize: expected a non-empty 8-bit 3-channel image");
  if (outWidth <= 0 || outHeight <= 0)
    throw Error("resize: target size " + std::to_string(outWidth) + "x" +
                std::to_string(outHeight) + " must be positive");
  const int inWidth = rgb.cols;
  const int inHeight = rgb.rows;
  const bool needHorizontal = outWidth != inWidth;
  const bool needVertical = outHeight != inHeight;
  const Coefficients vertical = computeCoefficients(inHeight, outHeight);

  // Horizontal pass, only over the rows the vertical pass reads.
  const int firstRow = vertical.first.front();
  const int lastRow = vertical.first.back() + vertical.count.back();
  cv::Mat horizontal;
  int rowOffset = 0;  // row of `horizontal` holding input row r is r - rowOffset
  if (needHorizontal) {
    const Coefficients h = computeCoefficients(inWidth, outWidth);
    horizontal.create(lastRow - firstRow, outWidth, CV_8UC3);
    for (int y = 0; y < horizontal.rows; ++y) {
      const uint8_t* in = rgb.ptr<uint8_t>(y + firstRow);
      uint8_t* out = horizontal.ptr<uint8_t>(y);
      for (int x = 0; x < outWidth; ++x) {
        const int32_t* k = &h.weights[static_cast<size_t>(x) * h.taps];
        const uint8_t* px = in + 3 * h.first[x];
        int32_t s0 = 1 << (kPrecisionBits - 1), s1 = s0, s2 = s0;
        for (int t = 0; t < h.count[x]; ++t) {
          s0 += px[3 * t + 0] * k[t];
          s1 += px[3 * t + 1] * k[t];
          s2 += px[3 * t + 2] * k[t];
        }
        out[3 * x + 0] = clip8(s0);
        out[3 * x + 1] = clip8(s1);
        out[3 * x + 2] = clip8(s2);
      }
    }
    rowOffset = firstRow;
  } else {
    horizontal = rgb;
  }
  if (!needVertical) return needHorizontal ? horizontal : rgb.clone();

  cv::Mat result(outHeight, outWidth, CV_8UC3);
  const int rowBytes = outWidth * 3;
  for (int y = 0; y < outHeight; ++y) {
    const int32_t* k = &vertical.weights[static_cast<size_t>(y) * vertical.taps];
    const int top = vertical.first[y] - rowOffset;
    uint8_t* out = result.ptr<uint8_t>(y);
    for (int i = 0; i < rowBytes; ++i) {
      int32_t s = 1 << (kPrecisionBits - 1);
      for (int t = 0; t < vertical.count[y]; ++t) s += horizontal.ptr<uint8_t>(top + t)[i] * k[t];
      out[i] = clip8(s);
    }
  }
  return result;
}

}  // namespace masklet::video
