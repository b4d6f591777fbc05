#pragma once
// Plain values the worker threads send to the GUI thread (queued signals): no tensors.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <utility>
#include <vector>

#include "dataset/rle.h"

namespace masklet::ui {

struct MediaInfo {
  QString path;
  QString description;  // codec, size, fps, frame count
  int width = 0;
  int height = 0;
  int frameCount = 0;
  double fps = 0.0;
};

// Every object's mask on one frame, as RLE at video resolution (empty mask = not visible).
struct FrameResult {
  int frame = -1;
  std::vector<std::pair<int, dataset::Rle>> masks;  // object id, mask
};

// Registers the types above for queued connections; call once before starting workers.
void registerWorkerTypes();

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::MediaInfo)
Q_DECLARE_METATYPE(masklet::ui::FrameResult)
