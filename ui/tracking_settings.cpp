#include "ui/tracking_settings.h"

#include <QSettings>

namespace masklet::ui {

namespace {
const char* const kPrecision = "tracking/precision";
const char* const kUntilConverged = "tracking/retrackUntilConverged";
const char* const kIoU = "tracking/convergenceIoU";
const char* const kFrames = "tracking/convergenceFrames";
}  // namespace

TrackingSettings TrackingSettings::load() {
  QSettings settings;
  TrackingSettings result;
  const QString precision = settings.value(kPrecision, result.precision).toString();
  if (precision == "auto" || precision == "fp32" || precision == "bf16")
    result.precision = precision;
  result.retrackUntilConverged =
      settings.value(kUntilConverged, result.retrackUntilConverged).toBool();
  const double iou = settings.value(kIoU, result.convergenceIoU).toDouble();
  if (iou > 0.0 && iou <= 1.0) result.convergenceIoU = iou;
  const int frames = settings.value(kFrames, result.convergenceFrames).toInt();
  if (frames >= 1) result.convergenceFrames = frames;
  return result;
}

void TrackingSettings::save() const {
  QSettings settings;
  settings.setValue(kPrecision, precision);
  settings.setValue(kUntilConverged, retrackUntilConverged);
  settings.setValue(kIoU, convergenceIoU);
  settings.setValue(kFrames, convergenceFrames);
}

}  // namespace masklet::ui
