#pragma once
// Plain values the worker threads send to the GUI thread (queued signals): no tensors.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <map>
#include <string>
#include <vector>

#include "project/document_types.h"
#include "tracker/document_frame.h"

namespace masklet::ui {

struct MediaInfo {
  QString path;
  QString description;  // codec, size, fps, frame count
  int width = 0;
  int height = 0;
  int frameCount = 0;
  double fps = 0.0;
  QString fingerprint;  // project::videoFingerprint of the path
  // Image mode (an image set opened with openImages): the images, one per frame; else empty.
  std::vector<project::ImageRef> images = {};
};

// The engine's answer to one prompt input: the frame's masks after it.
struct PromptOutcome {
  int requestId = 0;
  int frame = -1;
  int objectId = 0;
  project::PromptInput input;
  tracker::DocumentFrame result;
  // Measured on the worker: the whole call, and the part spent encoding the frame's image
  // (0 when its features were cached). -1: not measured.
  int elapsedMs = -1;
  int encodeMs = 0;
};

using PromptTable = std::map<project::FrameObjectKey, project::FramePrompts>;

// Registers the types above for queued connections; call once before starting workers.
void registerWorkerTypes();

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::MediaInfo)
Q_DECLARE_METATYPE(masklet::ui::PromptOutcome)
Q_DECLARE_METATYPE(masklet::tracker::DocumentFrame)
