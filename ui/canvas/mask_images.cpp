#include "ui/canvas/mask_images.h"

#include <cstring>
#include <opencv2/core.hpp>

namespace masklet::ui {

QImage maskImage(const dataset::Rle& rle) {
  const cv::Mat decoded = dataset::decodeRle(rle);  // 0/1, CV_8U
  QImage image(decoded.cols, decoded.rows, QImage::Format_Grayscale8);
  for (int y = 0; y < decoded.rows; ++y) {
    const uchar* in = decoded.ptr<uchar>(y);
    uchar* out = image.scanLine(y);
    for (int x = 0; x < decoded.cols; ++x) out[x] = in[x] ? 255 : 0;
  }
  return image;
}

dataset::Rle maskRle(const QImage& mask) {
  const QImage gray = mask.convertToFormat(QImage::Format_Grayscale8);
  const cv::Mat wrapped(gray.height(), gray.width(), CV_8UC1, const_cast<uchar*>(gray.constBits()),
                        size_t(gray.bytesPerLine()));
  return dataset::encodeMask(wrapped);
}

QMap<int, QImage> masksOnFrame(const project::Document& document, int frame) {
  QMap<int, QImage> images;
  for (const auto& [objectId, mask] : document.masksOnFrame(frame)) {
    const auto* object = document.object(objectId);
    if (object == nullptr || !object->visible || dataset::rleArea(mask.rle) == 0) continue;
    images.insert(objectId, maskImage(mask.rle));
  }
  return images;
}

QMap<int, QColor> objectColors(const project::Document& document) {
  QMap<int, QColor> colors;
  for (const auto& object : document.objects())
    if (object.color != 0) colors.insert(object.id, QColor(QRgb(object.color)));
  return colors;
}

QVector<PromptMarker> promptMarkersOnFrame(const project::Document& document, int frame) {
  QVector<PromptMarker> markers;
  for (const auto& object : document.objects()) {
    if (!object.visible) continue;
    for (const auto& point : document.prompts(frame, object.id).allPoints())
      markers.push_back({QPointF(point.x, point.y), point.label == 1, object.id});
  }
  return markers;
}

}  // namespace masklet::ui
