#pragma once
// A binary mask in COCO run-length form, exactly as pycocotools stores it: runs over the
// pixels in column-major (Fortran) order, alternating background/foreground and starting with
// background (so counts[0] may be 0), size = [height, width].
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace masklet::dataset {

struct Rle {
  int height = 0;
  int width = 0;
  std::vector<std::uint32_t> counts;

  bool operator==(const Rle& other) const {
    return height == other.height && width == other.width && counts == other.counts;
  }
  bool operator!=(const Rle& other) const { return !(*this == other); }
};

// Encodes a single-channel 8-bit mask (any non-zero pixel is foreground), as pycocotools
// `encode`: the all-background h×w mask is {h*w}, the all-foreground one {0, h*w}.
Rle encodeMask(const cv::Mat& mask);
// The all-background mask of a size (what an absent object is in every format).
Rle emptyRle(int height, int width);
// Decodes to a height×width CV_8U mask holding 0 and 1. Throws masklet::Error if the runs
// do not cover the size exactly (see validateRle).
cv::Mat decodeRle(const Rle& rle);

// Throws masklet::Error naming `where` (e.g. "file.json: annotations[3].segmentation") when the
// size is negative or the runs do not add up to height*width.
void validateRle(const Rle& rle, const std::string& where);

// Foreground pixel count (sum of the odd runs), without decoding.
std::uint64_t rleArea(const Rle& rle);
// Tight box {x, y, width, height} of the foreground, all 0 when empty (pycocotools `toBbox`).
std::array<double, 4> rleBbox(const Rle& rle);
// Intersection over union of two masks of the same size; 0 when both are empty.
double rleIou(const Rle& a, const Rle& b);
// Union (intersect = false) or intersection of two masks of the same size, canonical runs.
Rle rleMerge(const Rle& a, const Rle& b, bool intersect = false);

}  // namespace masklet::dataset
