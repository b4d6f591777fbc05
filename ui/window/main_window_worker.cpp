// What the worker threads report to the window (decoded frames, damaged frames, the model
// loaded or not, failures, busy), and loading a model at start.
#include <QApplication>
#include <QFileInfo>
#include <QStatusBar>

#include "ui/canvas/frame_view.h"
#include "ui/settings/model_locator.h"
#include "ui/settings/settings_controller.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/window/main_window.h"
#include "ui/workers/frame_loader.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

void MainWindow::connectWorker() {
  connect(m_controller->frames(), &FrameLoader::frameLoaded, this,
          [this](int frame, const QImage& image) {
            // Else the user moved on; playback shows its frames itself (onPlaybackFrameReady).
            if (frame == m_currentFrame && !m_playback->isPlaying()) m_frameView->setFrame(image);
          });
  connect(m_controller->tracker(), &TrackerWorker::damagedFramesFound, this,
          [this](const QList<int>& frames) {
            const int before = m_timeline->damagedFrames().size();
            m_timeline->setDamagedFrames(frames);
            if (m_timeline->damagedFrames().size() > before)
              statusBar()->showMessage(
                  tr("%n frame(s) of the video are damaged (marked on the timeline).", "",
                     int(m_timeline->damagedFrames().size())));
          });
  connect(m_controller->tracker(), &TrackerWorker::failed, this, &MainWindow::showFailure);
  connect(m_controller->frames(), &FrameLoader::failed, this, &MainWindow::showFailure);
  connect(m_controller->tracker(), &TrackerWorker::modelLoaded, this, [this](const QString& text) {
    m_modelReady = true;
    statusBar()->showMessage(tr("Model ready: %1").arg(text));
  });
  connect(m_controller->tracker(), &TrackerWorker::busyChanged, this, [](bool busy) {
    if (busy) {
      QApplication::setOverrideCursor(Qt::BusyCursor);
    } else {
      QApplication::restoreOverrideCursor();
    }
  });
  // A failed load leaves the previous model (if any) in use.
  connect(m_controller->tracker(), &TrackerWorker::modelLoadFailed, this,
          [this] { m_modelReady = !m_controller->tracker()->modelPath().isEmpty(); });
}

void MainWindow::refreshModelStatus() {
  // The default model of the settings, else the first one found.
  const QString path = m_settings->startupModel();
  if (path.isEmpty()) {
    m_modelStatus = QString::fromStdString(noModelHelpText());
    statusBar()->showMessage(m_modelStatus);
    return;
  }
  m_modelStatus.clear();
  statusBar()->showMessage(tr("Loading model %1...").arg(QFileInfo(path).fileName()));
  loadModel(path);
}

void MainWindow::loadModel(const QString& checkpointPath) {
  m_modelReady = false;
  m_controller->tracker()->loadModel(checkpointPath);
}

}  // namespace masklet::ui
