// The window's file side: the File menu's actions, what the ProjectController reports, and a
// newly opened video or image set set up in the window.
#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QSpinBox>
#include <QStatusBar>

#include "ui/files/file_workflow.h"
#include "ui/files/project_controller.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/everything_picker.h"
#include "ui/window/main_window.h"

namespace masklet::ui {

void MainWindow::openMedia(const QString& path) {
  m_files->openMedia(path);
}
void MainWindow::openImages(const QString& folder) {
  m_files->whenChangesHandled([this, folder] { m_projects->openImages(folder); });
}
void MainWindow::openProject(const QString& path) {
  m_files->openProject(path);
}
void MainWindow::importAnnotations(const QString& path, bool asPrompts) {
  m_projects->importAnnotations(path, asPrompts);
}

void MainWindow::connectFileActions() {
  const MainActions& a = m_actions;
  connect(a.open, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Video"), QString(),
        tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
    if (!path.isEmpty()) openMedia(path);
  });
  connect(a.openImages, &QAction::triggered, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Image Folder"));
    if (!folder.isEmpty()) openImages(folder);
  });
  connect(a.openProject, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("Masklet project (*.masklet)"));
    if (!path.isEmpty()) openProject(path);
  });
  connect(a.recoverAutosave, &QAction::triggered, m_projects, &ProjectController::recoverAutosave);
  connect(a.save, &QAction::triggered, m_projects, &ProjectController::save);
  connect(a.saveAs, &QAction::triggered, m_projects, &ProjectController::saveAs);
  for (const auto& [action, format] : a.exports)
    connect(action, &QAction::triggered, this,
            [this, format = format] { m_projects->exportAs(format); });
  for (QAction* action : {a.importMasks, a.importPrompts}) {
    const bool asPrompts = action == a.importPrompts;
    connect(action, &QAction::triggered, this, [this, asPrompts] {
      const QString path = QFileDialog::getOpenFileName(
          this, tr("Import annotations (COCO, SA-V, SA-1B JSON; PNG masks: pick one PNG)"),
          QString(), tr("Annotations (*.json *.png);;All files (*)"));
      if (path.isEmpty()) return;
      // A PNG-masks export is a folder: importing one of its files means the folder.
      importAnnotations(path.endsWith(".png", Qt::CaseInsensitive) ? QFileInfo(path).path() : path,
                        asPrompts);
    });
  }
  connect(a.exportDialog, &QAction::triggered, m_projects, &ProjectController::openExportDialog);
  connect(a.quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::connectFiles() {
  connect(m_projects, &ProjectController::mediaReady, this, &MainWindow::onMediaReady);
  connect(m_projects, &ProjectController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_projects, &ProjectController::failed, this, &MainWindow::showFailure);
}

void MainWindow::onMediaReady(const MediaInfo& info) {
  m_media = info;
  setWindowTitle(tr("%1 — Masklet").arg(QFileInfo(info.path).fileName()));
  m_timeline->setFrameCount(info.frameCount);
  m_playback->setVideo(info.frameCount, info.fps);
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setRange(0, std::max(0, info.frameCount - 1));
  }
  // Image mode: each image on its own, nothing to track.
  for (QAction* action : {m_actions.trackForward, m_actions.trackBackward, m_actions.trackBoth})
    if (action) action->setEnabled(info.images.empty());
  m_currentFrame = -1;
  if (m_everything) m_everything->setCurrentFrame(-1);
  seek(0);
  if (statusBar()->currentMessage().startsWith(tr("Opening")))
    statusBar()->showMessage(info.description);
}

}  // namespace masklet::ui
