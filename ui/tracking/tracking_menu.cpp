#include "ui/tracking/tracking_menu.h"

#include <QAction>
#include <QActionGroup>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSignalBlocker>
#include <QStatusBar>

#include "ui/window/status_label.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

TrackingMenu::TrackingMenu(QMainWindow* window, SessionController* controller)
    : QObject(window),
      m_window(window),
      m_controller(controller),
      m_settings(TrackingSettings::load()) {
  QMenu* menu = window->menuBar()->addMenu(tr("&Tracking"));
  m_menu = menu;
  QAction* untilConverged = menu->addAction(tr("Re-track until &converged"));
  untilConverged->setObjectName("retrackUntilConvergedAction");
  untilConverged->setCheckable(true);
  untilConverged->setChecked(m_settings.retrackUntilConverged);
  untilConverged->setToolTip(
      tr("Track forward/backward stops once the new masks agree with the previous run (IoU ≥ "
         "%1) for %2 frames in a row; the later frames are kept")
          .arg(m_settings.convergenceIoU)
          .arg(m_settings.convergenceFrames));
  connect(untilConverged, &QAction::toggled, this, &TrackingMenu::onUntilConvergedToggled);

  QAction* fullForward = menu->addAction(tr("&Full re-track forward"));
  fullForward->setObjectName("fullRetrackForwardAction");
  fullForward->setShortcut(Qt::SHIFT | Qt::Key_F);
  connect(fullForward, &QAction::triggered, this, [this] { Q_EMIT fullRetrackRequested(false); });
  QAction* fullBackward = menu->addAction(tr("Full re-track &backward"));
  fullBackward->setObjectName("fullRetrackBackwardAction");
  fullBackward->setShortcut(Qt::SHIFT | Qt::Key_B);
  connect(fullBackward, &QAction::triggered, this, [this] { Q_EMIT fullRetrackRequested(true); });

  menu->addSeparator();
  QMenu* precisionMenu = menu->addMenu(tr("&Precision (next video)"));
  auto* group = new QActionGroup(this);
  const QList<QPair<QString, QString>> choices{
      {"auto", tr("&Auto (bf16 where the CPU/GPU computes it natively)")},
      {"fp32", tr("&fp32 (exact, the reference's results)")},
      {"bf16", tr("&bf16 (faster, masks within IoU 0.99)")}};
  for (const auto& [value, text] : choices) {
    QAction* action = precisionMenu->addAction(text);
    action->setObjectName("precision_" + value);
    action->setCheckable(true);
    action->setChecked(m_settings.precision == value);
    group->addAction(action);
    connect(action, &QAction::triggered, this, [this, value = value] { onPrecisionPicked(value); });
  }

  m_precisionLabel = new StatusLabel(window);
  m_precisionLabel->setObjectName("precisionLabel");
  m_precisionLabel->setText(
      tr("precision: %1 (chosen when a video opens)").arg(m_settings.precision));
  window->statusBar()->addPermanentWidget(m_precisionLabel);

  connect(controller->tracker(), &TrackerWorker::precisionChosen, this,
          [this](const QString& text) {
            // The precision itself stays visible; why it was chosen (a long line) is the tooltip,
            // so the status messages beside it are not squeezed.
            m_precisionLabel->setText(tr("precision: %1").arg(text.section(' ', 0, 0)));
            m_precisionLabel->setToolTip(text);
          });
  connect(controller->tracker(), &TrackerWorker::propagationConverged, this,
          &TrackingMenu::onControllerPropagationConverged);
  // After the main window's own handler, so the stop message is the one that stays.
  connect(controller->tracker(), &TrackerWorker::propagationFinished, this,
          &TrackingMenu::onControllerPropagationFinished);
  apply();
}

QString TrackingMenu::precisionText() const {
  return m_precisionLabel->toolTip().isEmpty()
             ? m_precisionLabel->text()
             : m_precisionLabel->text() + " — " + m_precisionLabel->toolTip();
}

void TrackingMenu::setSettings(const TrackingSettings& settings) {
  m_settings = settings;
  for (QAction* action : m_window->findChildren<QAction*>()) {
    const QSignalBlocker blocker(action);
    if (action->objectName() == "retrackUntilConvergedAction")
      action->setChecked(settings.retrackUntilConverged);
    if (action->objectName() == "precision_" + settings.precision) action->setChecked(true);
  }
  apply();
}

void TrackingMenu::onUntilConvergedToggled(bool on) {
  m_settings.retrackUntilConverged = on;
  apply();
}

void TrackingMenu::onPrecisionPicked(const QString& precision) {
  m_settings.precision = precision;
  apply();
  m_window->statusBar()->showMessage(
      tr("Precision %1 applies from the next video (or model) you open.").arg(precision));
}

void TrackingMenu::onControllerPropagationConverged(int lastFrame, int agreeingFrames) {
  m_convergedMessage =
      tr("Stopped at frame %1: the masks agree with the previous run for %2 frames, later "
         "frames kept. Shift+F / Shift+B re-tracks everything.")
          .arg(lastFrame)
          .arg(agreeingFrames);
}

void TrackingMenu::onControllerPropagationFinished() {
  if (m_convergedMessage.isEmpty()) return;
  m_window->statusBar()->showMessage(m_convergedMessage);
  m_convergedMessage.clear();
}

void TrackingMenu::apply() {
  m_settings.save();
  m_controller->tracker()->setTrackingSettings(m_settings);
}

}  // namespace masklet::ui
