#include "dataset/yolo_polygon.h"

#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>

namespace masklet::dataset {
namespace {

using Segment = std::vector<cv::Point>;

// Indices of the closest pair of points between two segments (Ultralytics min_index).
std::pair<std::size_t, std::size_t> closestPair(const Segment& a, const Segment& b) {
  std::pair<std::size_t, std::size_t> best{0, 0};
  double bestDistance = std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) {
      const double dx = a[i].x - b[j].x, dy = a[i].y - b[j].y;
      if (dx * dx + dy * dy < bestDistance) {
        bestDistance = dx * dx + dy * dy;
        best = {i, j};
      }
    }
  return best;
}

// The segment's points starting at `start`, walking `count` steps (wrapping), both ends included.
void walk(const Segment& segment, std::size_t start, std::size_t count, Segment& out) {
  for (std::size_t k = 0; k <= count; ++k) out.push_back(segment[(start + k) % segment.size()]);
}

// merge_multi_segment: forward through every segment (the first and last all the way round,
// the middle ones from entry to exit), then back through the middle ones' other side.
Segment mergeSegments(const std::vector<Segment>& segments) {
  const std::size_t n = segments.size();
  if (n == 1) return segments[0];
  std::vector<std::size_t> entry(n, 0), exit(n, 0);
  for (std::size_t i = 1; i < n; ++i) {
    const auto pair = closestPair(segments[i - 1], segments[i]);
    exit[i - 1] = pair.first;
    entry[i] = pair.second;
  }
  Segment path;
  walk(segments[0], exit[0], segments[0].size(), path);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const std::size_t size = segments[i].size();
    walk(segments[i], entry[i], (exit[i] + size - entry[i]) % size, path);
  }
  walk(segments[n - 1], entry[n - 1], segments[n - 1].size(), path);
  for (std::size_t i = n - 1; i-- > 1;) {
    const std::size_t size = segments[i].size();
    const std::size_t forward = (exit[i] + size - entry[i]) % size;
    walk(segments[i], exit[i], size - forward, path);
  }
  return path;
}

}  // namespace

std::vector<double> maskToYoloPolygon(const cv::Mat& mask, double tolerance) {
  cv::Mat binary = mask != 0;
  std::vector<Segment> contours;
  cv::findContours(binary, contours, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);
  std::vector<Segment> segments;
  for (auto& contour : contours) {
    if (contour.empty()) continue;
    if (tolerance > 0 && contour.size() > 3) {
      Segment simplified;
      cv::approxPolyDP(contour, simplified, tolerance, true);
      if (simplified.size() >= 3) contour = std::move(simplified);
    }
    segments.push_back(std::move(contour));
  }
  std::vector<double> xy;
  if (segments.empty()) return xy;
  Segment path = mergeSegments(segments);
  // A part of one or two pixels: its box corners, so the line still draws those pixels.
  if (path.size() < 3) {
    const cv::Rect box = cv::boundingRect(path);
    path = {box.tl(),
            {box.x + box.width - 1, box.y},
            box.br() - cv::Point(1, 1),
            {box.x, box.y + box.height - 1}};
  }
  for (const auto& point : path) {
    xy.push_back(point.x);
    xy.push_back(point.y);
  }
  return xy;
}

cv::Mat rasterizeYoloPolygon(const std::vector<double>& xy, int height, int width) {
  cv::Mat mask(height, width, CV_8UC1, cv::Scalar(0));
  std::vector<cv::Point> points;
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
    points.emplace_back(static_cast<int>(std::lround(xy[i])),
                        static_cast<int>(std::lround(xy[i + 1])));
  if (!points.empty()) cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{points}, 1);
  return mask;
}

}  // namespace masklet::dataset
