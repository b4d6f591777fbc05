#pragma once
// Image mode's export (an image set, each image on its own) on a short-lived thread: SA-1B
// writes one JSON per image, named after the image; COCO one file with one image entry per
// image (file_name = the image's name, its own size). The images are copied: edits made
// meanwhile do not affect what is written. GUI thread only.
#include <QObject>
#include <QString>
#include <functional>
#include <vector>

#include "dataset/image_set_writer.h"

namespace masklet::ui {

// Whether image mode can write `format` ("coco", "sa1b").
bool isImageSetFormat(const QString& format);

// `done(written, text)` runs on `context`'s thread with what was written, or why nothing was
// (the destination is never left half-written).
void runImageExportJob(QObject* context, std::vector<dataset::AnnotatedImage> images,
                       std::vector<dataset::Category> categories, const QString& path,
                       const QString& format, std::function<void(bool, const QString&)> done);

}  // namespace masklet::ui
