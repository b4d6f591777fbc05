#pragma once
// Makes the view follow tracking: asks the window to show the newest tracked frame while a
// propagation runs, at most every 100 ms (frames can arrive faster than a frame and its
// overlay are drawn; showing each one would stall the GUI), and the last one when the run
// ends. GUI thread only.
#include <QObject>
#include <QTimer>

namespace masklet::tracker {
struct DocumentFrame;
}

namespace masklet::ui {

class SessionController;

class TrackingFollower : public QObject {
  Q_OBJECT

 public:
  explicit TrackingFollower(SessionController* controller, QObject* parent = nullptr);

  void setEnabled(bool enabled);
  bool isEnabled() const { return m_enabled; }

 Q_SIGNALS:
  void followFrame(int frame);

 private:
  void onControllerFramesTracked(const masklet::tracker::DocumentFrame& frame);
  void flush();

  QTimer m_throttle;
  int m_newest = -1;
  bool m_pending = false;  // a frame arrived since the last followFrame
  bool m_enabled = true;
};

}  // namespace masklet::ui
