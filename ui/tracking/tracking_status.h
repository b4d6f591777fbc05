#pragma once
// The tracker's part of the status bar: a busy indicator while the worker computes, how long
// the last prompt took on the worker (and the image encode it needed), and during a tracking
// run a progress bar with frames done, frames/s and time left (TrackingProgress). GUI thread.
#include <QElapsedTimer>
#include <QObject>

#include "ui/tracking/tracking_progress.h"
#include "ui/workers/worker_types.h"

class QLabel;
class QProgressBar;
class QStatusBar;

namespace masklet::ui {

class PromptController;
class SessionController;

class TrackingStatus : public QObject {
  Q_OBJECT

 public:
  TrackingStatus(QStatusBar* bar, SessionController* controller, PromptController* prompts);

  const TrackingProgress& progress() const { return m_progress; }
  QString progressText() const;
  QString promptTimeText() const;
  bool busyShown() const;

 private:
  void onControllerBusyChanged(bool busy);
  void onControllerProgress(int done, int total);
  void onControllerPromptApplied(const masklet::ui::PromptOutcome& outcome);
  void onPromptsPropagationStarted(bool reverse);
  void onPromptsPropagationEnded();
  void refreshBusy();

  SessionController* m_controller;
  QLabel* m_busy = nullptr;
  QLabel* m_promptTime = nullptr;
  QLabel* m_progressText = nullptr;
  QProgressBar* m_progressBar = nullptr;
  QElapsedTimer m_clock;
  TrackingProgress m_progress;
  bool m_reverse = false;
  bool m_tracking = false;
};

}  // namespace masklet::ui
