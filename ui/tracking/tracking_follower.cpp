#include "ui/tracking/tracking_follower.h"

#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {
namespace {
constexpr int kIntervalMs = 100;
}  // namespace

TrackingFollower::TrackingFollower(SessionController* controller, QObject* parent)
    : QObject(parent) {
  m_throttle.setSingleShot(true);
  m_throttle.setInterval(kIntervalMs);
  connect(&m_throttle, &QTimer::timeout, this, &TrackingFollower::flush);
  connect(controller->tracker(), &TrackerWorker::framesTracked, this,
          &TrackingFollower::onControllerFramesTracked);
  connect(controller->tracker(), &TrackerWorker::propagationFinished, this,
          &TrackingFollower::flush);
}

void TrackingFollower::setEnabled(bool enabled) {
  m_enabled = enabled;
  if (!enabled) {
    m_throttle.stop();
    m_pending = false;
  }
}

void TrackingFollower::onControllerFramesTracked(const tracker::DocumentFrame& frame) {
  if (!m_enabled) return;
  m_newest = frame.frame;
  m_pending = true;
  if (!m_throttle.isActive()) flush();
}

void TrackingFollower::flush() {
  if (!m_pending) return;
  m_pending = false;
  Q_EMIT followFrame(m_newest);
  m_throttle.start();
}

}  // namespace masklet::ui
