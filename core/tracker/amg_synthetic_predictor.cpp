#include "tracker/amg_synthetic_predictor.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace masklet::tracker {
namespace {

// The README's blob for candidate k of a click at (u, v), on an h × w grid.
void blob(float* out, int h, int w, double u, double v, int k, bool refine) {
  const double g = refine ? 1.1 : 1.0;
  const double r = (0.05 + 0.07 * k) * (1 + 0.5 * std::sin(7 * u + 3 * v)) * g;
  const double a = 1 + 0.5 * std::cos(5 * u - 4 * v + k);
  for (int row = 0; row < h; ++row) {
    const double y = (row + 0.5) / h;
    for (int col = 0; col < w; ++col) {
      const double x = (col + 0.5) / w;
      const double dx = (x - u) * a, dy = (y - v) / a;
      double logit = 100 * (r - std::sqrt(dx * dx + dy * dy));
      if (k == 2) {
        const double ex = x - (u + 0.15), ey = y - (v - 0.1);
        logit = std::max(logit, 100 * (0.3 * r - std::sqrt(ex * ex + ey * ey)));
      }
      out[row * w + col] = static_cast<float>(logit);
    }
  }
}

}  // namespace

AmgSyntheticPredictor::AmgSyntheticPredictor(int imageSize) : m_imageSize(imageSize) {}

void AmgSyntheticPredictor::setImage(const cv::Mat& rgb) {
  m_height = rgb.rows;
  m_width = rgb.cols;
}

void AmgSyntheticPredictor::reset() {
  m_height = m_width = 0;
  m_uv.clear();
}

AmgPrediction AmgSyntheticPredictor::predict(const torch::Tensor& points,
                                             const torch::Tensor& maskInput, bool multimask) {
  if (m_width <= 0) throw Error("synthetic predictor: no image is set");
  const auto p = points.to(torch::kFloat32).contiguous();
  const int64_t n = p.size(0);
  const int candidates = multimask ? 3 : 1;
  m_refine = maskInput.defined();
  m_uv.assign(size_t(n), {0.0, 0.0});
  const float side = static_cast<float>(m_imageSize);
  const int low = m_imageSize / 4;
  auto ious = torch::empty({n, candidates});
  auto lowRes = torch::empty({n, candidates, low, low});
  for (int64_t i = 0; i < n; ++i) {
    // transform_coords(normalize=True): x / w * S in float32.
    const float xm = (p[i][0].item<float>() / static_cast<float>(m_width)) * side;
    const float ym = (p[i][1].item<float>() / static_cast<float>(m_height)) * side;
    const double u = double(xm) / m_imageSize, v = double(ym) / m_imageSize;
    m_uv[size_t(i)] = {u, v};
    for (int k = 0; k < candidates; ++k) {
      const int kp = m_refine ? k + 3 : k;
      ious[i][k] = static_cast<float>(0.5 + 0.45 * std::sin(11 * u + 13 * v + 2 * kp));
      blob(lowRes[i][k].data_ptr<float>(), low, low, u, v, k, m_refine);
    }
  }
  return {ious, lowRes};
}

torch::Tensor AmgSyntheticPredictor::masks(const std::vector<AmgCandidate>& candidates) {
  auto out = torch::empty({int64_t(candidates.size()), m_height, m_width});
  for (size_t i = 0; i < candidates.size(); ++i) {
    const auto [n, k] = candidates[i];
    if (n < 0 || size_t(n) >= m_uv.size()) throw Error("synthetic predictor: no such prompt");
    blob(out[int64_t(i)].data_ptr<float>(), m_height, m_width, m_uv[size_t(n)][0],
         m_uv[size_t(n)][1], int(k), m_refine);
  }
  return out;
}

}  // namespace masklet::tracker
