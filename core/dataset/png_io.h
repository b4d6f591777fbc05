#pragma once
// Indexed-palette PNG files through libpng (OpenCV writes no palette PNGs and reads them as
// colours, losing the indices that DAVIS-style masks store).
#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace masklet::dataset {

using PngPalette = std::vector<std::array<std::uint8_t, 3>>;

// The DAVIS / PASCAL VOC colour map: 0 black, 1 red, 2 green, ... (256 entries).
PngPalette davisPalette();

// Writes a CV_8UC1 image of palette indices as an 8-bit palette PNG (atomically).
void writeIndexedPng(const std::filesystem::path& path, const cv::Mat& indices,
                     const PngPalette& palette);
// Reads the palette indices of a palette PNG, or the values of an 8-bit (or 1/2/4-bit)
// grayscale PNG, as CV_8UC1. Throws masklet::Error naming the file for colour, 16-bit or
// broken PNGs.
cv::Mat readIndexedPng(const std::filesystem::path& path);

}  // namespace masklet::dataset
