#pragma once
// Writes an export on a short-lived thread so the window stays responsive, then reports a
// one-line result on the GUI thread. The annotation is a copy: edits made meanwhile do not
// affect the file being written. The output is built under a temporary name next to the
// destination and moved there only at the end, unless the job was cancelled by then: a
// cancelled or failed export leaves the destination as it was.
#include <QObject>
#include <QString>
#include <functional>

#include "common/cancel_token.h"
#include "dataset/annotation_filter.h"
#include "dataset/dataset_split.h"
#include "dataset/video_annotation.h"

namespace masklet::ui {

struct ExportRequest {
  dataset::VideoAnnotation annotation;     // the whole document (Document::toAnnotation)
  dataset::AnnotationSelection selection;  // frames and objects to write
  QString path;                            // a file for coco / sav, a folder for the others
  QString format;  // a dataset::formatName: "coco", "sa1b", "sav", "png", "yolo", "davis", ...
  // The training layouts (dataset::isTrainingFormat): split and frame images, read from
  // `videoPath` when it is set.
  dataset::SplitOptions split;
  QString imageFormat = "jpg";
  int jpegQuality = 95;
  QString videoPath;
};

enum class ExportOutcome { Written, Cancelled, Failed };

// Checks what the formats cannot hold (SA-V lists every stride-th frame from frame 0, so its
// range must start on a multiple of the stride); "" when the request can be written.
QString exportProblem(const ExportRequest& request);

// `done(outcome, message)` runs on `context`'s thread: what was written, or why nothing was.
void runExportJob(QObject* context, ExportRequest request, CancelTokenPtr cancel,
                  std::function<void(ExportOutcome, const QString&)> done);

}  // namespace masklet::ui
