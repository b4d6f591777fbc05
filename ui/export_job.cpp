#include "ui/export_job.h"

#include "dataset/dataset_format.h"
#include "ui/background_job.h"

namespace masklet::ui {

void runExportJob(QObject* context, dataset::VideoAnnotation annotation, const QString& path,
                  const QString& format, std::function<void(const QString&)> done) {
  runInBackground<QString>(
      context, QObject::tr("Export failed, nothing was written"),
      [annotation = std::move(annotation), path, format] {
        const auto kind = dataset::parseFormatName(format.toStdString());
        const std::string what = dataset::writeDataset(annotation, path.toStdString(), kind);
        return QObject::tr("Exported %1 (%2)").arg(path, QString::fromStdString(what));
      },
      [done](std::optional<QString> message, const QString& error) {
        done(message ? *message : error);
      });
}

}  // namespace masklet::ui
