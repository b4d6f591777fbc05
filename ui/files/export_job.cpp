#include "ui/files/export_job.h"

#include <QFileInfo>
#include <filesystem>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/dataset_format.h"
#include "ui/workers/background_job.h"
#include "video/frame_image_provider.h"

namespace masklet::ui {

namespace {

namespace fs = std::filesystem;

bool isFolderFormat(dataset::DatasetFormat format) {
  return format != dataset::DatasetFormat::Coco && format != dataset::DatasetFormat::Sav;
}

// Writes `annotation` to a staging place and moves it to `destination` unless cancelled.
ExportOutcome writeStaged(const dataset::VideoAnnotation& annotation, const fs::path& destination,
                          dataset::DatasetFormat format,
                          const dataset::DatasetWriteOptions& options, const CancelToken& cancel,
                          std::string& what) {
  if (isFolderFormat(format)) {
    dataset::AtomicDirectory staging(destination);  // removed again unless committed
    what = dataset::writeDataset(annotation, staging.path(), format, options);
    if (cancel.isCancelled()) return ExportOutcome::Cancelled;
    staging.commit();
    return ExportOutcome::Written;
  }
  const fs::path staged = destination.string() + ".exporting";
  try {
    what = dataset::writeDataset(annotation, staged, format, options);
    if (cancel.isCancelled()) {
      fs::remove(staged);
      return ExportOutcome::Cancelled;
    }
    fs::rename(staged, destination);  // atomic, replaces an older export
  } catch (...) {
    std::error_code ignored;
    fs::remove(staged, ignored);
    throw;
  }
  return ExportOutcome::Written;
}

}  // namespace

QString exportProblem(const ExportRequest& request) {
  if (request.path.isEmpty()) return QObject::tr("Choose where to write the export.");
  if (!QFileInfo(QFileInfo(request.path).absolutePath()).isDir())
    return QObject::tr("The folder %1 does not exist.").arg(QFileInfo(request.path).absolutePath());
  const int stride = request.selection.stride;
  if (request.format == "sav" && stride > 1 && request.selection.firstFrame % stride != 0)
    return QObject::tr(
               "SA-V lists every %1th frame from frame 0: start the range at a multiple "
               "of %1.")
        .arg(stride);
  return {};
}

void runExportJob(QObject* context, ExportRequest request, CancelTokenPtr cancel,
                  std::function<void(ExportOutcome, const QString&)> done) {
  using Result = std::pair<ExportOutcome, QString>;
  runInBackground<Result>(
      context, QObject::tr("Export failed, nothing was written"),
      [request = std::move(request), cancel]() -> Result {
        const auto format = dataset::parseFormatName(request.format.toStdString());
        const auto annotation = dataset::filterAnnotation(request.annotation, request.selection);
        if (cancel->isCancelled()) return {ExportOutcome::Cancelled, {}};
        dataset::DatasetWriteOptions options;
        if (format == dataset::DatasetFormat::Sav)
          options.savFrameStride = request.selection.stride;
        if (dataset::isTrainingFormat(format)) {
          options.split = request.split;
          options.images.extension = request.imageFormat.toStdString();
          options.images.jpegQuality = request.jpegQuality;
          options.datasetRoot = request.path.toStdString();  // written to staging, then moved
          if (!request.videoPath.isEmpty())
            options.images.provider =
                video::openFrameImageProvider(request.videoPath.toStdString());
        }
        std::string what;
        const ExportOutcome outcome =
            writeStaged(annotation, request.path.toStdString(), format, options, *cancel, what);
        if (outcome == ExportOutcome::Cancelled) return {outcome, {}};
        return {outcome, QObject::tr("Exported %1 frames of %2 objects to %3 (%4)")
                             .arg(annotation.frames.size())
                             .arg(annotation.objects.size())
                             .arg(request.path, QString::fromStdString(what))};
      },
      [done](std::optional<Result> result, const QString& error) {
        if (!result) {
          done(ExportOutcome::Failed, error);
        } else if (result->first == ExportOutcome::Cancelled) {
          done(ExportOutcome::Cancelled, QObject::tr("Export cancelled, nothing was written."));
        } else {
          done(result->first, result->second);
        }
      });
}

}  // namespace masklet::ui
