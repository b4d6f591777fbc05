// The Settings dialog, the model picker and File ▸ Load model: what they change reaches the
// worker, the tracking menu, the view and the files through the SettingsController.
#include <QAction>
#include <QFileDialog>
#include <QStatusBar>

#include "common/paths.h"
#include "ui/canvas/view_menu.h"
#include "ui/settings/settings_controller.h"
#include "ui/window/main_window.h"

namespace masklet::ui {

void MainWindow::connectSettings() {
  m_settings = new SettingsController(this, {m_controller, m_trackingMenu, m_frameView,
                                             m_viewMenu->outlineOnly(), m_projects, m_review});
  connect(m_actions.settings, &QAction::triggered, m_settings, &SettingsController::openSettings);
  connect(m_actions.chooseModel, &QAction::triggered, m_settings, &SettingsController::chooseModel);
  connect(m_actions.loadModel, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load SAM 2 or EdgeTAM checkpoint"), QString::fromStdString(userModelDir()),
        tr("SAM 2 / EdgeTAM checkpoints (*.pt);;All files (*)"));
    if (!path.isEmpty()) m_settings->useModel(path);
  });
  connect(m_settings, &SettingsController::loadModelRequested, this, &MainWindow::loadModel);
  connect(m_settings, &SettingsController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
}

}  // namespace masklet::ui
