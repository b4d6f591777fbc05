// Moving through the video: the frame-step actions, the timeline and the frame box asking for
// a frame, playback and following a tracking run; a seek shows the frame and its overlay.
#include <QAction>
#include <QLabel>
#include <QSpinBox>

#include "ui/canvas/frame_view.h"
#include "ui/review/review_controller.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/candidate_picker.h"
#include "ui/tracking/everything_picker.h"
#include "ui/tracking/tracking_follower.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"

namespace masklet::ui {

void MainWindow::connectNavigationActions() {
  const MainActions& a = m_actions;
  for (const auto& [action, delta] : a.frameSteps)
    connect(action, &QAction::triggered, this, [this, delta = delta] {
      if (!m_review->stepFrames(delta)) seek(m_currentFrame + delta);
    });
  connect(a.firstFrame, &QAction::triggered, this, [this] { seek(0); });
  connect(a.lastFrame, &QAction::triggered, this, [this] { seek(m_media.frameCount - 1); });
}

void MainWindow::connectFrameControls() {
  connect(m_timeline, &Timeline::frameRequested, this, &MainWindow::seek);
  connect(m_frameSpin, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::seek);
}

void MainWindow::connectPlayback() {
  // After connectWorker, so the window's frameLoaded slot runs before the playback's.
  m_playback = new PlaybackController(m_controller, this);
  connect(m_playback, &PlaybackController::frameReady, this, &MainWindow::onPlaybackFrameReady);
  connect(m_playback, &PlaybackController::playingChanged, this, [this](bool playing) {
    m_actions.playPause->setText(playing ? tr("&Pause") : tr("&Play"));
  });
  connect(m_actions.playPause, &QAction::triggered, this, [this] {
    if (m_media.frameCount > 0) m_playback->toggle(m_currentFrame);
  });
  m_follower = new TrackingFollower(m_controller, this);
  connect(m_actions.followTracking, &QAction::toggled, m_follower, &TrackingFollower::setEnabled);
  connect(m_follower, &TrackingFollower::followFrame, this, [this](int frame) {
    if (!m_playback->isPlaying()) seek(frame);
  });
  connect(m_actions.fitTimeline, &QAction::triggered, m_timeline, &Timeline::fitAll);
}

void MainWindow::seek(int frame) {
  m_playback->stop();
  if (moveToFrame(frame)) m_controller->requestFrame(m_currentFrame);
}

void MainWindow::onPlaybackFrameReady(int frame, const QImage& image) {
  moveToFrame(frame);
  m_frameView->setFrame(image);
}

bool MainWindow::moveToFrame(int frame) {
  if (m_media.frameCount <= 0) return false;
  frame = std::clamp(frame, 0, m_media.frameCount - 1);
  if (frame == m_currentFrame) return false;
  m_currentFrame = frame;
  if (m_candidates) m_candidates->setCurrentFrame(frame);
  if (m_everything) m_everything->setCurrentFrame(frame);
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setValue(frame);
  }
  m_timeline->setCurrentFrame(frame);
  m_review->setCurrentFrame(frame);
  m_frameLabel->setText(tr("of %1").arg(m_media.frameCount));
  refreshOverlay();
  return true;
}

}  // namespace masklet::ui
