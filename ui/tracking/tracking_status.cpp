#include "ui/tracking/tracking_status.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

#include "ui/tracking/prompt_controller.h"
#include "ui/window/status_label.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

TrackingStatus::TrackingStatus(QStatusBar* bar, SessionController* controller,
                               PromptController* prompts)
    : QObject(bar), m_controller(controller) {
  m_busy = new QLabel(tr("● computing…"), bar);
  m_busy->setObjectName("busyIndicator");
  m_busy->setToolTip(tr("The tracker is working (model, prompt or tracking)"));
  m_busy->setStyleSheet("color: #d06000;");
  m_busy->setVisible(false);
  m_promptTime = new StatusLabel(bar);
  m_promptTime->setObjectName("promptTimeLabel");
  m_promptTime->setToolTip(
      tr("How long the tracker took for the last prompt; the first prompt on a frame also "
         "encodes its image"));
  m_progressText = new StatusLabel(bar);
  m_progressText->setObjectName("trackingProgressLabel");
  m_progressText->setVisible(false);
  m_progressBar = new QProgressBar(bar);
  m_progressBar->setObjectName("trackingProgressBar");
  m_progressBar->setMaximumWidth(200);
  m_progressBar->setTextVisible(false);
  m_progressBar->setVisible(false);
  bar->addPermanentWidget(m_busy);
  bar->addPermanentWidget(m_promptTime);
  bar->addPermanentWidget(m_progressText);
  bar->addPermanentWidget(m_progressBar);

  connect(controller->tracker(), &TrackerWorker::busyChanged, this,
          &TrackingStatus::onControllerBusyChanged);
  connect(controller->tracker(), &TrackerWorker::progress, this,
          &TrackingStatus::onControllerProgress);
  connect(controller->tracker(), &TrackerWorker::promptApplied, this,
          &TrackingStatus::onControllerPromptApplied);
  connect(prompts, &PromptController::propagationStarted, this,
          &TrackingStatus::onPromptsPropagationStarted);
  connect(prompts, &PromptController::propagationEnded, this,
          &TrackingStatus::onPromptsPropagationEnded);
  m_clock.start();
}

QString TrackingStatus::progressText() const {
  return m_progressText->text();
}
QString TrackingStatus::promptTimeText() const {
  return m_promptTime->text();
}
bool TrackingStatus::busyShown() const {
  return !m_busy->isHidden();
}

void TrackingStatus::refreshBusy() {
  // While tracking, the progress bar already says the tracker works.
  m_busy->setVisible(m_controller->tracker()->isBusy() && !m_tracking);
}

void TrackingStatus::onControllerBusyChanged(bool) {
  refreshBusy();
}

void TrackingStatus::onControllerPromptApplied(const PromptOutcome& outcome) {
  if (outcome.elapsedMs < 0) return;
  QString text = tr("prompt %1 ms").arg(outcome.elapsedMs - outcome.encodeMs);
  if (outcome.encodeMs > 0) text += tr(" + image encode %1 ms").arg(outcome.encodeMs);
  m_promptTime->setText(text);
}

void TrackingStatus::onPromptsPropagationStarted(bool reverse) {
  m_tracking = true;
  m_reverse = reverse;
  m_progress.start(m_clock.elapsed() / 1000.0);
  m_progressBar->setRange(0, 0);  // busy until the first frame says how many there are
  m_progressBar->setVisible(true);
  m_progressText->setText((reverse ? tr("← ") : tr("→ ")) + m_progress.text());
  m_progressText->setVisible(true);
  refreshBusy();
}

void TrackingStatus::onControllerProgress(int done, int total) {
  if (!m_tracking) return;
  m_progress.update(m_clock.elapsed() / 1000.0, done, total);
  m_progressBar->setRange(0, std::max(1, total));
  m_progressBar->setValue(done);
  m_progressText->setText((m_reverse ? tr("← ") : tr("→ ")) + m_progress.text());
}

void TrackingStatus::onPromptsPropagationEnded() {
  m_tracking = false;
  m_progressBar->setVisible(false);
  m_progressText->setVisible(false);
  refreshBusy();
}

}  // namespace masklet::ui
