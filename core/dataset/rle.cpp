#include "dataset/rle.h"

#include <algorithm>

#include "common/error.h"

namespace masklet::dataset {
namespace {

void requireSameSize(const Rle& a, const Rle& b, const char* operation) {
  if (a.height != b.height || a.width != b.width)
    throw Error(std::string(operation) + " of masks of different sizes: " +
                std::to_string(a.height) + "x" + std::to_string(a.width) + " and " +
                std::to_string(b.height) + "x" + std::to_string(b.width) + " (height x width)");
}

// Walks two run lists together, visiting maximal spans where both values are constant.
template <typename Visit>
void walkRuns(const Rle& a, const Rle& b, Visit visit) {
  std::size_t ia = 0, ib = 0;
  std::uint64_t leftA = a.counts.empty() ? 0 : a.counts[0];
  std::uint64_t leftB = b.counts.empty() ? 0 : b.counts[0];
  while (true) {
    while (leftA == 0 && ia < a.counts.size()) {
      ++ia;
      leftA = ia < a.counts.size() ? a.counts[ia] : 0;
    }
    while (leftB == 0 && ib < b.counts.size()) {
      ++ib;
      leftB = ib < b.counts.size() ? b.counts[ib] : 0;
    }
    if (ia >= a.counts.size() || ib >= b.counts.size()) return;
    const std::uint64_t span = std::min(leftA, leftB);
    visit(span, (ia % 2) == 1, (ib % 2) == 1);
    leftA -= span;
    leftB -= span;
  }
}

}  // namespace

Rle encodeMask(const cv::Mat& mask) {
  if (mask.type() != CV_8UC1) throw Error("encodeMask: the mask must be single-channel 8-bit");
  Rle rle{mask.rows, mask.cols, {}};
  std::uint8_t previous = 0;
  std::uint32_t run = 0;
  for (int x = 0; x < mask.cols; ++x) {
    for (int y = 0; y < mask.rows; ++y) {
      const std::uint8_t value = mask.at<std::uint8_t>(y, x) != 0 ? 1 : 0;
      if (value != previous) {
        rle.counts.push_back(run);
        run = 0;
        previous = value;
      }
      ++run;
    }
  }
  rle.counts.push_back(run);
  return rle;
}

Rle emptyRle(int height, int width) {
  return Rle{
      height, width, {static_cast<std::uint32_t>(height) * static_cast<std::uint32_t>(width)}};
}

void validateRle(const Rle& rle, const std::string& where) {
  if (rle.height < 0 || rle.width < 0)
    throw Error(where + ": negative mask size [" + std::to_string(rle.height) + ", " +
                std::to_string(rle.width) + "] (expected [height, width] >= 0)");
  std::uint64_t total = 0;
  for (const std::uint32_t run : rle.counts) total += run;
  const std::uint64_t pixels =
      static_cast<std::uint64_t>(rle.height) * static_cast<std::uint64_t>(rle.width);
  if (total != pixels)
    throw Error(where + ": the runs cover " + std::to_string(total) + " pixels but the size [" +
                std::to_string(rle.height) + ", " + std::to_string(rle.width) + "] has " +
                std::to_string(pixels) + (total > pixels ? " (counts overrun the mask)" : ""));
}

cv::Mat decodeRle(const Rle& rle) {
  validateRle(rle, "decodeRle");
  cv::Mat mask(rle.height, rle.width, CV_8UC1, cv::Scalar(0));
  std::uint64_t position = 0;
  for (std::size_t i = 0; i < rle.counts.size(); ++i) {
    const std::uint64_t end = position + rle.counts[i];
    if (i % 2 == 1) {
      for (std::uint64_t p = position; p < end; ++p) {
        const int x = static_cast<int>(p / static_cast<std::uint64_t>(rle.height));
        const int y = static_cast<int>(p % static_cast<std::uint64_t>(rle.height));
        mask.at<std::uint8_t>(y, x) = 1;
      }
    }
    position = end;
  }
  return mask;
}

std::uint64_t rleArea(const Rle& rle) {
  std::uint64_t area = 0;
  for (std::size_t i = 1; i < rle.counts.size(); i += 2) area += rle.counts[i];
  return area;
}

std::array<double, 4> rleBbox(const Rle& rle) {
  // pycocotools rleToBbox: only whole background/foreground pairs count; a foreground run
  // that wraps into the next column spans the full height.
  const std::size_t pairs = (rle.counts.size() / 2) * 2;
  if (pairs == 0 || rle.height == 0) return {0, 0, 0, 0};
  const std::uint64_t h = static_cast<std::uint64_t>(rle.height);
  std::uint64_t xs = static_cast<std::uint64_t>(rle.width), ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
  for (std::size_t j = 0; j < pairs; ++j) {
    cc += rle.counts[j];
    const std::uint64_t t = cc - (j % 2);
    const std::uint64_t y = t % h;
    const std::uint64_t x = (t - y) / h;
    if (j % 2 == 0) {
      xp = x;
    } else if (xp < x) {
      ys = 0;
      ye = h - 1;
    }
    xs = std::min(xs, x);
    xe = std::max(xe, x);
    ys = std::min(ys, y);
    ye = std::max(ye, y);
  }
  return {static_cast<double>(xs), static_cast<double>(ys), static_cast<double>(xe - xs + 1),
          static_cast<double>(ye - ys + 1)};
}

double rleIou(const Rle& a, const Rle& b) {
  requireSameSize(a, b, "IoU");
  std::uint64_t intersection = 0, unionArea = 0;
  walkRuns(a, b, [&](std::uint64_t span, bool inA, bool inB) {
    if (inA && inB) intersection += span;
    if (inA || inB) unionArea += span;
  });
  return unionArea == 0 ? 0.0 : static_cast<double>(intersection) / static_cast<double>(unionArea);
}

Rle rleMerge(const Rle& a, const Rle& b, bool intersect) {
  requireSameSize(a, b, intersect ? "intersection" : "union");
  Rle merged{a.height, a.width, {}};
  bool current = false;
  std::uint64_t run = 0;
  walkRuns(a, b, [&](std::uint64_t span, bool inA, bool inB) {
    const bool value = intersect ? (inA && inB) : (inA || inB);
    if (value != current) {
      merged.counts.push_back(static_cast<std::uint32_t>(run));
      run = 0;
      current = value;
    }
    run += span;
  });
  merged.counts.push_back(static_cast<std::uint32_t>(run));
  return merged;
}

}  // namespace masklet::dataset
