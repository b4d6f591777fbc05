#include "ui/tracking/tracking_settings.h"

#include <QSettings>

namespace masklet::ui {

namespace {
const char* const kPrecision = "tracking/precision";
const char* const kUntilConverged = "tracking/retrackUntilConverged";
const char* const kIoU = "tracking/convergenceIoU";
const char* const kFrames = "tracking/convergenceFrames";
const char* const kDevice = "engine/device";
const char* const kThreads = "engine/threads";
const char* const kFrameCache = "engine/frameCacheMiB";
const char* const kFeatureFrames = "engine/featureCacheFrames";
const char* const kDiskCache = "engine/diskCacheMiB";

// The stored integer when it parses and lies in [low, high], else `fallback`.
int intInRange(const QSettings& settings, const char* key, int fallback, int low, int high) {
  bool ok = false;
  const int value = settings.value(key, fallback).toInt(&ok);
  return ok && value >= low && value <= high ? value : fallback;
}
}  // namespace

TrackingSettings TrackingSettings::load() {
  QSettings settings;
  return load(settings);
}

TrackingSettings TrackingSettings::load(QSettings& settings) {
  TrackingSettings result;
  const QString precision = settings.value(kPrecision, result.precision).toString();
  if (precision == "auto" || precision == "fp32" || precision == "bf16")
    result.precision = precision;
  result.retrackUntilConverged =
      settings.value(kUntilConverged, result.retrackUntilConverged).toBool();
  bool ok = false;
  const double iou = settings.value(kIoU, result.convergenceIoU).toDouble(&ok);
  if (ok && iou > 0.0 && iou <= 1.0) result.convergenceIoU = iou;
  result.convergenceFrames = intInRange(settings, kFrames, result.convergenceFrames, 1, 1000);
  const QString device = settings.value(kDevice, result.device).toString();
  if (device == "auto" || device == "cpu" || device == "cuda") result.device = device;
  result.threads = intInRange(settings, kThreads, result.threads, 0, 1024);
  result.frameCacheMiB = intInRange(settings, kFrameCache, result.frameCacheMiB, 64, 1 << 20);
  result.featureCacheFrames =
      intInRange(settings, kFeatureFrames, result.featureCacheFrames, 1, 4096);
  result.diskCacheMiB = intInRange(settings, kDiskCache, result.diskCacheMiB, 0, 1 << 22);
  return result;
}

void TrackingSettings::save() const {
  QSettings settings;
  save(settings);
}

void TrackingSettings::save(QSettings& settings) const {
  settings.setValue(kPrecision, precision);
  settings.setValue(kUntilConverged, retrackUntilConverged);
  settings.setValue(kIoU, convergenceIoU);
  settings.setValue(kFrames, convergenceFrames);
  settings.setValue(kDevice, device);
  settings.setValue(kThreads, threads);
  settings.setValue(kFrameCache, frameCacheMiB);
  settings.setValue(kFeatureFrames, featureCacheFrames);
  settings.setValue(kDiskCache, diskCacheMiB);
}

bool TrackingSettings::operator==(const TrackingSettings& other) const {
  return precision == other.precision && retrackUntilConverged == other.retrackUntilConverged &&
         convergenceIoU == other.convergenceIoU && convergenceFrames == other.convergenceFrames &&
         device == other.device && threads == other.threads &&
         frameCacheMiB == other.frameCacheMiB && featureCacheFrames == other.featureCacheFrames &&
         diskCacheMiB == other.diskCacheMiB;
}

}  // namespace masklet::ui
