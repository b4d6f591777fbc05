#pragma once
// The user's tracking settings, persisted with QSettings: the compute precision a new session
// uses (auto / fp32 / bf16) and whether "track" re-tracks only until the new masks agree with
// the previous run (issue 15; on by default in the GUI, a full re-track is one action away).
// Plain value; load()/save() on the GUI thread.
#include <QMetaType>
#include <QString>

namespace masklet::ui {

struct TrackingSettings {
  QString precision = QStringLiteral("auto");  // "auto", "fp32" or "bf16"
  bool retrackUntilConverged = true;
  double convergenceIoU = 0.99;
  int convergenceFrames = 5;

  // Unknown or out-of-range stored values fall back to the defaults.
  static TrackingSettings load();
  void save() const;
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::TrackingSettings)
