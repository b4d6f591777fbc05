#pragma once
// Writes an export on a short-lived thread so the window stays responsive, then reports a
// one-line result on the GUI thread. The annotation is copied: edits made meanwhile do not
// affect the file being written.
#include <QObject>
#include <QString>
#include <functional>

#include "dataset/video_annotation.h"

namespace masklet::ui {

// `format`: "coco", "sa1b", "sav" or "png". `done` runs on `context`'s thread with a message
// saying what was written, or why nothing was (the destination is never left half-written).
void runExportJob(QObject* context, dataset::VideoAnnotation annotation, const QString& path,
                  const QString& format, std::function<void(const QString&)> done);

}  // namespace masklet::ui
