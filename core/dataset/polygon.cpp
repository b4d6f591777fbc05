#include "dataset/polygon.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "common/error.h"

namespace masklet::dataset {

Rle polygonToRle(const std::vector<double>& xy, int height, int width) {
  if (height < 0 || width < 0) throw Error("polygon: negative image size");
  const std::size_t k = xy.size() / 2;
  const double scale = 5.0;
  // Vertices at 5x resolution, closed.
  std::vector<int> x(k + 1), y(k + 1);
  for (std::size_t j = 0; j < k; ++j) x[j] = static_cast<int>(scale * xy[j * 2] + 0.5);
  for (std::size_t j = 0; j < k; ++j) y[j] = static_cast<int>(scale * xy[j * 2 + 1] + 0.5);
  if (k > 0) {
    x[k] = x[0];
    y[k] = y[0];
  }
  // Every lattice point along every edge, walked from the lower end of the major axis.
  std::vector<int> u, v;
  for (std::size_t j = 0; j < k; ++j) {
    int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
    const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      std::swap(xs, xe);
      std::swap(ys, ye);
    }
    const double s =
        dx >= dy ? static_cast<double>(ye - ys) / dx : static_cast<double>(xe - xs) / dy;
    if (dx >= dy) {
      for (int d = 0; d <= dx; ++d) {
        const int t = flip ? dx - d : d;
        u.push_back(t + xs);
        v.push_back(static_cast<int>(ys + s * t + 0.5));
      }
    } else {
      for (int d = 0; d <= dy; ++d) {
        const int t = flip ? dy - d : d;
        v.push_back(t + ys);
        u.push_back(static_cast<int>(xs + s * t + 0.5));
      }
    }
  }
  // Where the boundary crosses a pixel-centre column: the first foreground row below it.
  std::vector<std::uint32_t> a;
  const std::uint32_t h = static_cast<std::uint32_t>(height);
  for (std::size_t j = 1; j < u.size(); ++j) {
    if (u[j] == u[j - 1]) continue;
    double xd = static_cast<double>(u[j] < u[j - 1] ? u[j] : u[j] - 1);
    xd = (xd + 0.5) / scale - 0.5;
    if (std::floor(xd) != xd || xd < 0 || xd > width - 1) continue;
    double yd = static_cast<double>(v[j] < v[j - 1] ? v[j] : v[j - 1]);
    yd = (yd + 0.5) / scale - 0.5;
    if (yd < 0)
      yd = 0;
    else if (yd > height)
      yd = height;
    yd = std::ceil(yd);
    a.push_back(static_cast<std::uint32_t>(static_cast<int>(xd)) * h +
                static_cast<std::uint32_t>(static_cast<int>(yd)));
  }
  // Sorted crossings become alternating runs; zero-length runs fold into their neighbour.
  a.push_back(h * static_cast<std::uint32_t>(width));
  std::sort(a.begin(), a.end());
  std::uint32_t previous = 0;
  for (auto& value : a) {
    const std::uint32_t t = value;
    value -= previous;
    previous = t;
  }
  Rle rle{height, width, {}};
  std::size_t j = 0;
  rle.counts.push_back(a[j++]);
  while (j < a.size()) {
    if (a[j] > 0) {
      rle.counts.push_back(a[j++]);
    } else {
      ++j;
      if (j < a.size()) rle.counts.back() += a[j++];
    }
  }
  return rle;
}

Rle polygonsToRle(const std::vector<std::vector<double>>& polygons, int height, int width) {
  Rle merged = emptyRle(height, width);
  for (const auto& polygon : polygons)
    merged = rleMerge(merged, polygonToRle(polygon, height, width));
  return merged;
}

}  // namespace masklet::dataset
