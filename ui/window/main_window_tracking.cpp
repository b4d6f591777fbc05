// Tracking runs from the window: the Track actions and the Tracking menu (full re-track,
// Segment Everything), starting a run from the current frame and saying how it ended.
#include <QAction>
#include <QStatusBar>

#include "ui/canvas/frame_view.h"
#include "ui/files/project_controller.h"
#include "ui/timeline/playback_controller.h"
#include "ui/tracking/everything_picker.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/tracking/tracking_menu.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

void MainWindow::connectTrackingActions() {
  const MainActions& a = m_actions;
  connect(a.trackForward, &QAction::triggered, this, [this] { startPropagation(false); });
  connect(a.trackBackward, &QAction::triggered, this, [this] { startPropagation(true); });
  connect(a.trackBoth, &QAction::triggered, this,
          [this] { startPropagation(false, false, /*bothWays=*/true); });
  connect(a.cancel, &QAction::triggered, m_controller->tracker(),
          &TrackerWorker::cancelPropagation);
  connect(m_prompts, &PromptController::propagationEnded, this, &MainWindow::onPropagationEnded);
}

void MainWindow::createTrackingMenu() {
  m_trackingMenu = new TrackingMenu(this, m_controller);
  connect(m_trackingMenu, &TrackingMenu::fullRetrackRequested, this,
          [this](bool reverse) { startPropagation(reverse, /*full=*/true); });
  m_everything =
      new EverythingPicker(m_trackingMenu->menu(), m_frameView, m_prompts, m_controller, this);
  connect(m_everything, &EverythingPicker::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
}

void MainWindow::startPropagation(bool reverse, bool full, bool bothWays) {
  m_playback->stop();
  if (!m_modelReady) return;
  const bool started = bothWays ? m_prompts->startPropagationBothWays(m_currentFrame, full)
                                : m_prompts->startPropagation(m_currentFrame, reverse, full);
  if (!started) return;
  m_actions.cancel->setEnabled(true);
  refreshUndoActions();
  statusBar()->showMessage(bothWays  ? tr("Tracking forward, then backward... (Esc cancels)")
                           : reverse ? tr("Tracking backward... (Esc cancels)")
                                     : tr("Tracking forward... (Esc cancels)"));
}

void MainWindow::onPropagationEnded(int framesDone, bool cancelled) {
  m_actions.cancel->setEnabled(false);
  refreshUndoActions();
  statusBar()->showMessage(
      cancelled ? tr("Cancelled after %1 frames; those frames are kept.").arg(framesDone)
                : tr("Tracked %1 frames.").arg(framesDone));
  m_projects->autosaveSoon();
}

}  // namespace masklet::ui
