#include "ui/export_job.h"

#include <QPointer>
#include <QThread>

#include "dataset/dataset_format.h"

namespace masklet::ui {

void runExportJob(QObject* context, dataset::VideoAnnotation annotation, const QString& path,
                  const QString& format, std::function<void(const QString&)> done) {
  QPointer<QObject> guard(context);
  QThread* thread = QThread::create(
      [guard, annotation = std::move(annotation), path, format, done = std::move(done)] {
        QString message;
        try {
          const auto kind = dataset::parseFormatName(format.toStdString());
          const std::string what = dataset::writeDataset(annotation, path.toStdString(), kind);
          message = QObject::tr("Exported %1 (%2)").arg(path, QString::fromStdString(what));
        } catch (const std::exception& error) {
          message = QObject::tr("Export failed, nothing was written: %1").arg(error.what());
        }
        if (guard) QMetaObject::invokeMethod(guard.data(), [done, message] { done(message); });
      });
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

}  // namespace masklet::ui
