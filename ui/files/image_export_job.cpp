#include "ui/files/image_export_job.h"

#include "common/error.h"
#include "ui/workers/background_job.h"

namespace masklet::ui {

bool isImageSetFormat(const QString& format) {
  return format == "coco" || format == "sa1b";
}

void runImageExportJob(QObject* context, std::vector<dataset::AnnotatedImage> images,
                       std::vector<dataset::Category> categories, const QString& path,
                       const QString& format, std::function<void(bool, const QString&)> done) {
  runInBackground<QString>(
      context, QObject::tr("Export failed, nothing was written"),
      [images = std::move(images), categories = std::move(categories), path, format] {
        if (format == "sa1b") {
          dataset::writeSa1bImages(images, path.toStdString());
          return QObject::tr("Exported %1 (SA-1B, one JSON per image, %2 images)")
              .arg(path)
              .arg(images.size());
        }
        if (format != "coco")
          throw Error("image mode exports COCO or SA-1B, not '" + format.toStdString() + "'");
        dataset::writeCocoImages(images, path.toStdString(), categories);
        return QObject::tr("Exported %1 (COCO, %2 images)").arg(path).arg(images.size());
      },
      [done](std::optional<QString> message, const QString& error) {
        done(message.has_value(), message ? *message : error);
      });
}

}  // namespace masklet::ui
