#include "ui/timeline/playback_controller.h"

#include <algorithm>
#include <cmath>

#include "ui/workers/frame_loader.h"
#include "ui/workers/session_controller.h"

namespace masklet::ui {
namespace {
constexpr double kDefaultFps = 25.0;
// A frame the loader could not decode never arrives (the loader reports it): move on.
constexpr int kFrameTimeoutMs = 1500;
}  // namespace

PlaybackController::PlaybackController(SessionController* controller, QObject* parent)
    : QObject(parent), m_controller(controller) {
  m_tick.setSingleShot(true);
  m_tick.setTimerType(Qt::PreciseTimer);
  connect(&m_tick, &QTimer::timeout, this, &PlaybackController::requestDueFrame);
  m_watchdog.setSingleShot(true);
  connect(&m_watchdog, &QTimer::timeout, this, [this] {
    if (!m_playing || m_requested < 0) return;
    m_shown = m_requested;
    m_requested = -1;
    if (m_shown >= m_frameCount - 1) {
      stop();
    } else {
      scheduleNext();
    }
  });
  connect(m_controller->frames(), &FrameLoader::frameLoaded, this,
          &PlaybackController::onControllerFrameLoaded);
}

void PlaybackController::setVideo(int frameCount, double fps) {
  stop();
  m_frameCount = std::max(0, frameCount);
  m_fps = fps > 0.0 && std::isfinite(fps) ? fps : kDefaultFps;
}

void PlaybackController::play(int currentFrame) {
  if (m_playing || m_frameCount < 2) return;
  const int last = m_frameCount - 1;
  currentFrame = std::clamp(currentFrame, 0, last);
  m_playing = true;
  m_dropped = 0;
  m_requested = -1;
  if (currentFrame == last) {  // at the end: play again from the start
    m_startFrame = 0;
    m_shown = -1;
  } else {
    m_startFrame = currentFrame;
    m_shown = currentFrame;
  }
  m_clock.start();
  Q_EMIT playingChanged(true);
  scheduleNext();
}

void PlaybackController::stop() {
  if (!m_playing) return;
  m_playing = false;
  m_tick.stop();
  m_watchdog.stop();
  m_requested = -1;
  Q_EMIT playingChanged(false);
}

void PlaybackController::toggle(int currentFrame) {
  if (m_playing) {
    stop();
  } else {
    play(currentFrame);
  }
}

int PlaybackController::dueFrame() const {
  return m_startFrame + int(std::floor(m_clock.elapsed() / 1000.0 * m_fps));
}

void PlaybackController::scheduleNext() {
  const int next = std::min(std::max(m_shown + 1, dueFrame()), m_frameCount - 1);
  const double dueMs = (next - m_startFrame) * 1000.0 / m_fps;
  m_tick.start(std::max(0, int(std::ceil(dueMs - m_clock.elapsed()))));
}

void PlaybackController::requestDueFrame() {
  if (!m_playing) return;
  const int target = std::min(std::max(m_shown + 1, dueFrame()), m_frameCount - 1);
  m_dropped += std::max(0, target - m_shown - 1);
  m_requested = target;
  m_watchdog.start(kFrameTimeoutMs);
  m_controller->requestFrame(target);
}

void PlaybackController::onControllerFrameLoaded(int frame, const QImage& image) {
  if (!m_playing || frame != m_requested) return;
  m_requested = -1;
  m_watchdog.stop();
  m_shown = frame;
  Q_EMIT frameReady(frame, image);
  if (!m_playing) return;  // a slot of frameReady stopped us
  if (frame >= m_frameCount - 1) {
    stop();
  } else {
    scheduleNext();
  }
}

}  // namespace masklet::ui
