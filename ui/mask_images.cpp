#include "ui/mask_images.h"

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

QMap<int, QImage> masksOnFrame(const project::AnnotationProject& project, int frame) {
  QMap<int, QImage> images;
  const auto found = project.annotation.frames.find(frame);
  if (found == project.annotation.frames.end()) return images;
  for (const auto& [objectId, mask] : found->second) images.insert(objectId, maskImage(mask.rle));
  return images;
}

QVector<PromptMarker> promptMarkersOnFrame(const project::AnnotationProject& project, int frame) {
  QVector<PromptMarker> markers;
  const auto found = project.prompts.find(frame);
  if (found == project.prompts.end()) return markers;
  for (const auto& [objectId, prompts] : found->second) {
    for (const auto& point : prompts.points)
      markers.push_back({QPointF(point.x, point.y), point.label == 1, objectId});
  }
  return markers;
}

}  // namespace masklet::ui
