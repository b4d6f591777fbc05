#pragma once
// Everything the Settings dialog edits, as one plain value that loads from and saves to
// QSettings: where models are, which one loads at start, the engine settings the worker gets
// (TrackingSettings), how masks are drawn and how soon the project autosaves. Stored values
// that are missing, unparsable or out of range fall back to the defaults. GUI thread.
#include <QMetaType>
#include <QString>

#include "project/review_signals.h"
#include "ui/tracking/tracking_settings.h"

class QSettings;

namespace masklet::ui {

struct AppSettings {
  // A folder searched for checkpoints besides the user model folder and $MASKLET_MODEL_DIR.
  QString modelFolder;
  // The checkpoint loaded at start; empty (or gone) = the first one found.
  QString defaultModel;
  TrackingSettings tracking;
  double overlayOpacity = 0.5;  // of the mask fill, 0 .. 1 (the View menu steps it too)
  bool outlineOnly = false;     // masks drawn as outlines only
  int autosaveSeconds = 3;      // quiet time after a change before the autosave; 0 = off
  // Review assist: when a frame is doubtful, what counts as an event.
  project::ReviewThresholds review;

  static AppSettings load();
  static AppSettings load(QSettings& settings);
  void save() const;
  void save(QSettings& settings) const;
  bool operator==(const AppSettings& other) const;
  bool operator!=(const AppSettings& other) const { return !(*this == other); }
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::ui::AppSettings)
