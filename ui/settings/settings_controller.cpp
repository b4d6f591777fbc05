#include "ui/settings/settings_controller.h"

#include <QAction>
#include <QFileInfo>
#include <QMainWindow>

#include "ui/canvas/frame_view.h"
#include "ui/files/project_controller.h"
#include "ui/review/review_controller.h"
#include "ui/settings/model_locator.h"
#include "ui/settings/model_picker.h"
#include "ui/settings/settings_dialog.h"
#include "ui/tracking/tracking_menu.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

SettingsController::SettingsController(QMainWindow* window, const Targets& targets)
    : QObject(window), m_window(window), m_targets(targets) {
  m_targets.projects->setAutosaveDelay(AppSettings::load().autosaveSeconds);
  connect(m_targets.session->tracker(), &TrackerWorker::modelLoaded, this,
          &SettingsController::onModelLoaded);
}

QString SettingsController::startupModel() const {
  const AppSettings settings = AppSettings::load();
  if (!settings.defaultModel.isEmpty() && QFileInfo(settings.defaultModel).isFile())
    return settings.defaultModel;
  const auto found = findInstalledCheckpoints(settings.modelFolder.toStdString());
  return found.empty() ? QString() : QString::fromStdString(found.front());
}

SettingsDialog* SettingsController::openSettings() {
  if (m_dialog == nullptr) {
    m_dialog = new SettingsDialog(AppSettings::load(), m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &SettingsDialog::applied, this, &SettingsController::apply);
  }
  m_dialog->show();
  m_dialog->raise();
  return m_dialog;
}

ModelPicker* SettingsController::chooseModel() {
  if (m_picker == nullptr) {
    m_picker = new ModelPicker(AppSettings::load().modelFolder,
                               m_targets.session->tracker()->modelPath(), m_window);
    m_picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_picker, &ModelPicker::modelChosen, this, &SettingsController::useModel);
  }
  m_picker->show();
  m_picker->raise();
  return m_picker;
}

void SettingsController::apply(const AppSettings& settings) {
  const AppSettings before = AppSettings::load();
  settings.save();
  m_targets.tracking->setSettings(settings.tracking);
  m_targets.view->setOverlayOpacity(settings.overlayOpacity);
  if (m_targets.outlineOnlyAction != nullptr) {
    m_targets.outlineOnlyAction->setChecked(settings.outlineOnly);  // the View menu follows
  } else {
    m_targets.view->setOutlineOnly(settings.outlineOnly);
  }
  m_targets.projects->setAutosaveDelay(settings.autosaveSeconds);
  if (m_targets.review != nullptr) m_targets.review->setThresholds(settings.review);
  const QString model = m_targets.session->tracker()->modelPath();
  if (settings.tracking.device != before.tracking.device && !model.isEmpty()) {
    Q_EMIT message(tr("Loading the model again on the new device..."));
    Q_EMIT loadModelRequested(model);
  } else if (model.isEmpty() && settings.modelFolder != before.modelFolder) {
    const QString first = startupModel();  // no model yet: the new folder may have one
    if (!first.isEmpty()) Q_EMIT loadModelRequested(first);
  } else {
    Q_EMIT message(tr("Settings saved; precision and cache budgets apply to the next video."));
  }
}

void SettingsController::useModel(const QString& checkpointPath) {
  m_chosenModel = checkpointPath;
  Q_EMIT loadModelRequested(checkpointPath);
}

void SettingsController::onModelLoaded() {
  if (m_chosenModel.isEmpty() || m_targets.session->tracker()->modelPath() != m_chosenModel) return;
  AppSettings settings = AppSettings::load();
  settings.defaultModel = m_chosenModel;
  settings.save();
  m_chosenModel.clear();
}

}  // namespace masklet::ui
