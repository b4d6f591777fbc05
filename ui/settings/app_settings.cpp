#include "ui/settings/app_settings.h"

#include <QSettings>

#include "ui/review/review_settings.h"

namespace masklet::ui {

namespace {
const char* const kModelFolder = "models/folder";
const char* const kDefaultModel = "models/default";
const char* const kOpacity = "view/overlayOpacity";
const char* const kOutlineOnly = "view/outlineOnly";
const char* const kAutosave = "project/autosaveSeconds";
}  // namespace

AppSettings AppSettings::load() {
  QSettings settings;
  return load(settings);
}

AppSettings AppSettings::load(QSettings& settings) {
  AppSettings result;
  result.modelFolder = settings.value(kModelFolder).toString();
  result.defaultModel = settings.value(kDefaultModel).toString();
  result.tracking = TrackingSettings::load(settings);
  bool ok = false;
  const double opacity = settings.value(kOpacity, result.overlayOpacity).toDouble(&ok);
  if (ok && opacity >= 0.0 && opacity <= 1.0) result.overlayOpacity = opacity;
  result.outlineOnly = settings.value(kOutlineOnly, result.outlineOnly).toBool();
  const int autosave = settings.value(kAutosave, result.autosaveSeconds).toInt(&ok);
  if (ok && autosave >= 0 && autosave <= 3600) result.autosaveSeconds = autosave;
  result.review = loadReviewThresholds(settings);
  return result;
}

void AppSettings::save() const {
  QSettings settings;
  save(settings);
}

void AppSettings::save(QSettings& settings) const {
  settings.setValue(kModelFolder, modelFolder);
  settings.setValue(kDefaultModel, defaultModel);
  tracking.save(settings);
  settings.setValue(kOpacity, overlayOpacity);
  settings.setValue(kOutlineOnly, outlineOnly);
  settings.setValue(kAutosave, autosaveSeconds);
  saveReviewThresholds(settings, review);
}

bool AppSettings::operator==(const AppSettings& other) const {
  return modelFolder == other.modelFolder && defaultModel == other.defaultModel &&
         tracking == other.tracking && overlayOpacity == other.overlayOpacity &&
         outlineOnly == other.outlineOnly && autosaveSeconds == other.autosaveSeconds &&
         review == other.review;
}

}  // namespace masklet::ui
