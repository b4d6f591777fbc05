#pragma once
// Readers written for the tests alone, sharing no code with the writers they check: COCO's
// compressed RLE string decoded as pycocotools rleFrString does, and YOLO polygon lines parsed
// and rasterised by a plain point-in-polygon test plus the outline's pixels (what cv::fillPoly,
// Ultralytics' polygon2mask, draws).
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace masklet::test {

// pycocotools rleFrString, then the runs painted in column-major order. Empty Mat when broken.
inline cv::Mat decodeCocoString(const std::string& text, int height, int width) {
  std::vector<long> counts;
  std::size_t p = 0;
  while (p < text.size()) {
    long x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      if (p >= text.size()) return {};
      const long c = static_cast<long>(text[p]) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= static_cast<long>(~0UL << (5 * k));
    }
    if (counts.size() > 2) x += counts[counts.size() - 2];
    counts.push_back(x);
  }
  cv::Mat mask(height, width, CV_8UC1, cv::Scalar(0));
  long position = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < 0 || position + counts[i] > static_cast<long>(height) * width) return {};
    if (i % 2 == 1)
      for (long j = position; j < position + counts[i]; ++j)
        mask.at<std::uint8_t>(static_cast<int>(j % height), static_cast<int>(j / height)) = 1;
    position += counts[i];
  }
  return position == static_cast<long>(height) * width ? mask : cv::Mat();
}

struct YoloLine {
  int classIndex = -1;
  std::vector<double> xy;  // normalised
};

inline YoloLine parseYoloLine(const std::string& line) {
  std::istringstream in(line);
  YoloLine parsed;
  in >> parsed.classIndex;
  for (double value; in >> value;) parsed.xy.push_back(value);
  return parsed;
}

// Even-odd inside test at every pixel centre plus every pixel the outline passes through.
inline cv::Mat rasterizeYoloLine(const YoloLine& line, int height, int width) {
  std::vector<double> x, y;
  for (std::size_t i = 0; i + 1 < line.xy.size(); i += 2) {
    x.push_back(line.xy[i] * width);
    y.push_back(line.xy[i + 1] * height);
  }
  cv::Mat mask(height, width, CV_8UC1, cv::Scalar(0));
  const std::size_t n = x.size();
  for (int r = 0; r < height; ++r)
    for (int c = 0; c < width; ++c) {
      bool inside = false;
      for (std::size_t i = 0, j = n - 1; i < n; j = i++)
        if ((y[i] > r) != (y[j] > r) && c < (x[j] - x[i]) * (r - y[i]) / (y[j] - y[i]) + x[i])
          inside = !inside;
      if (inside) mask.at<std::uint8_t>(r, c) = 1;
    }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = (i + 1) % n;
    const int steps = 2 * static_cast<int>(std::ceil(std::hypot(x[j] - x[i], y[j] - y[i]))) + 1;
    for (int s = 0; s <= steps; ++s) {
      const double t = static_cast<double>(s) / steps;
      const int c = static_cast<int>(std::lround(x[i] + t * (x[j] - x[i])));
      const int r = static_cast<int>(std::lround(y[i] + t * (y[j] - y[i])));
      if (r >= 0 && r < height && c >= 0 && c < width) mask.at<std::uint8_t>(r, c) = 1;
    }
  }
  return mask;
}

inline double maskIou(const cv::Mat& a, const cv::Mat& b) {
  const int both = cv::countNonZero((a != 0) & (b != 0));
  const int either = cv::countNonZero((a != 0) | (b != 0));
  return either == 0 ? 1.0 : static_cast<double>(both) / either;
}

}  // namespace masklet::test

#include <png.h>

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>

namespace masklet::test {

// A PNG read with libpng's plain API and no transforms: raw palette indices or gray values.
struct RawPng {
  int width = 0, height = 0, bitDepth = 0, colorType = -1;
  std::vector<std::array<int, 3>> palette;
  std::vector<std::vector<int>> pixels;  // [row][column]
};

struct PngBytes {
  std::string data;
  std::size_t position = 0;
};

inline void readPngBytes(png_structp png, png_bytep out, png_size_t length) {
  auto* bytes = static_cast<PngBytes*>(png_get_io_ptr(png));
  if (bytes->position + length > bytes->data.size()) png_error(png, "truncated");
  std::memcpy(out, bytes->data.data() + bytes->position, length);
  bytes->position += length;
}

inline RawPng readRawPng(const std::string& path) {
  PngBytes bytes;
  std::ifstream in(path, std::ios::binary);
  bytes.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  RawPng result;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return RawPng{};
  }
  png_set_read_fn(png, &bytes, readPngBytes);
  png_read_info(png, info);
  result.width = static_cast<int>(png_get_image_width(png, info));
  result.height = static_cast<int>(png_get_image_height(png, info));
  result.bitDepth = png_get_bit_depth(png, info);
  result.colorType = png_get_color_type(png, info);
  png_colorp colors = nullptr;
  int count = 0;
  if (png_get_PLTE(png, info, &colors, &count) != 0)
    for (int i = 0; i < count; ++i)
      result.palette.push_back({colors[i].red, colors[i].green, colors[i].blue});
  std::vector<png_byte> row(png_get_rowbytes(png, info));
  for (int y = 0; y < result.height; ++y) {
    png_read_row(png, row.data(), nullptr);
    std::vector<int> values;
    for (int x = 0; x < result.width; ++x)
      values.push_back(result.bitDepth == 16 ? row[2 * x] * 256 + row[2 * x + 1] : row[x]);
    result.pixels.push_back(std::move(values));
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return result;
}

}  // namespace masklet::test
