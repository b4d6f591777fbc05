#pragma once
// The Tracking menu and its status-bar part: the "re-track until converged" switch, the full
// re-track action (Shift+F forward, Shift+B backward), the precision choice (auto / fp32 /
// bf16, for sessions started afterwards) and a permanent status-bar label saying which
// precision the session runs in and why. Settings persist with QSettings and reach the worker
// through the SessionController. GUI thread only.
#include <QObject>
#include <QString>

#include "ui/tracking/tracking_settings.h"

class QActionGroup;
class QLabel;
class QMainWindow;
class QMenu;

namespace masklet::ui {

class SessionController;

class TrackingMenu : public QObject {
  Q_OBJECT

 public:
  // Adds the menu to window's menu bar and the label to its status bar; loads the settings
  // and hands them to the controller.
  TrackingMenu(QMainWindow* window, SessionController* controller);

  const TrackingSettings& settings() const { return m_settings; }
  // Settings from elsewhere (the Settings dialog): the menu's checks follow, they are saved
  // and handed to the controller.
  void setSettings(const TrackingSettings& settings);
  QString precisionText() const;
  QMenu* menu() const { return m_menu; }  // more tracking actions join it (segment everything)

 Q_SIGNALS:
  void fullRetrackRequested(bool reverse);

 private:
  void onUntilConvergedToggled(bool on);
  void onPrecisionPicked(const QString& precision);
  void onControllerPropagationConverged(int lastFrame, int agreeingFrames);
  void onControllerPropagationFinished();
  void apply();

  QMainWindow* m_window;
  QMenu* m_menu = nullptr;
  SessionController* m_controller;
  TrackingSettings m_settings;
  QLabel* m_precisionLabel = nullptr;
  QString m_convergedMessage;
};

}  // namespace masklet::ui
