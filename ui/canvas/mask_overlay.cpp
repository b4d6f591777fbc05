#include "ui/canvas/mask_overlay.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace masklet::ui {

namespace {

cv::Mat wrap(const QImage& mask) {
  return cv::Mat(mask.height(), mask.width(), CV_8UC1, const_cast<uchar*>(mask.constBits()),
                 size_t(mask.bytesPerLine()));
}

}  // namespace

QImage maskContour(const QImage& mask, int width, QRect region) {
  region &= mask.rect();
  QImage contour(region.size(), QImage::Format_Grayscale8);
  if (region.isEmpty()) return contour;
  width = std::max(1, width);
  // Erode a margin around the region too, so its edge pixels see their real neighbours.
  const QRect padded = region.adjusted(-width, -width, width, width) & mask.rect();
  const cv::Mat source =
      wrap(mask)(cv::Rect(padded.x(), padded.y(), padded.width(), padded.height()));
  cv::Mat eroded;
  const cv::Mat kernel = cv::Mat::ones(2 * width + 1, 2 * width + 1, CV_8UC1);
  // BORDER_REPLICATE at the padded edge: the frame's border is not background, and inside the
  // frame the margin holds the true neighbours.
  cv::erode(source > 0, eroded, kernel, cv::Point(-1, -1), 1, cv::BORDER_REPLICATE);
  for (int y = region.top(); y <= region.bottom(); ++y) {
    const uchar* in = mask.constScanLine(y);
    const uchar* inner = eroded.ptr<uchar>(y - padded.y());
    uchar* out = contour.scanLine(y - region.top());
    for (int x = region.left(); x <= region.right(); ++x)
      out[x - region.left()] = in[x] && !inner[x - padded.x()] ? 255 : 0;
  }
  return contour;
}

void compositeMasks(QImage& overlay, QSize frameSize, const QVector<OverlayLayer>& layers,
                    const OverlayStyle& style, QRect region) {
  if (overlay.size() != frameSize || overlay.format() != QImage::Format_ARGB32_Premultiplied) {
    overlay = QImage(frameSize, QImage::Format_ARGB32_Premultiplied);
    overlay.fill(Qt::transparent);
  }
  region &= overlay.rect();
  if (region.isEmpty()) return;
  for (int y = region.top(); y <= region.bottom(); ++y) {
    auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
    std::fill(out + region.left(), out + region.right() + 1, QRgb(0));
  }
  const int alpha = std::clamp(int(style.opacity * 255 + 0.5), 0, 255);
  for (const auto& layer : layers) {
    const QImage& mask = layer.mask;
    if (mask.size() != frameSize || mask.format() != QImage::Format_Grayscale8) continue;
    const QColor& c = layer.color;
    const QRgb fill = qPremultiply(qRgba(c.red(), c.green(), c.blue(), alpha));
    const QRgb edge = qRgba(c.red(), c.green(), c.blue(), 255);
    const QImage contour = maskContour(mask, style.contourWidth, region);
    for (int y = region.top(); y <= region.bottom(); ++y) {
      const uchar* in = mask.constScanLine(y);
      const uchar* border = contour.constScanLine(y - region.top());
      auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
      for (int x = region.left(); x <= region.right(); ++x) {
        if (!in[x]) continue;
        if (border[x - region.left()]) {
          out[x] = edge;
        } else if (!style.outlineOnly && alpha > 0) {
          out[x] = fill;
        }
      }
    }
  }
}

}  // namespace masklet::ui
