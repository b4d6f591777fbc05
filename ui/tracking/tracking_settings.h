#pragma once
// The user's engine settings, persisted with QSettings and handed to the tracker worker: the
// compute precision and device of the model, its threads, the cache budgets of a session, and
// whether "track" re-tracks only until the new masks agree with the previous run (on
// by default in the GUI, a full re-track is one action away). What applies when: precision and
// cache budgets to the next session (video or model opened), the device to the next model
// load, threads and the convergence rule at once. Plain value; load()/save() on the GUI thread.
#include <QMetaType>
#include <QString>

class QSettings;

namespace masklet::ui {

struct TrackingSettings {
  QString precision = QStringLiteral("auto");  // "auto", "fp32" or "bf16"
  bool retrackUntilConverged = true;
  double convergenceIoU = 0.99;
  int convergenceFrames = 5;
  QString device = QStringLiteral("auto");  // "auto" (CUDA when available), "cpu" or "cuda"
  int threads = 0;                          // intra-op threads; 0 = $MASKLET_THREADS or all cores
  int frameCacheMiB = 1024;                 // decoded frames the tracker keeps (RGB)
  int featureCacheFrames = 8;               // frames of image features kept in RAM
  int diskCacheMiB = 2048;                  // each feature cache's disk tier; 0 = none

  // Unknown or out-of-range stored values fall back to the defaults.
  static TrackingSettings load();
  static TrackingSettings load(QSettings& settings);
  void save() const;
  void save(QSettings& settings) const;
  bool operator==(const TrackingSettings& other) const;
  bool operator!=(const TrackingSettings& other) const { return !(*this == other); }
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::TrackingSettings)
