#pragma once
// The Settings dialog and the model picker, and what their choices change: the engine
// settings go to the Tracking menu (which hands them to the worker), the overlay look to the
// frame view and the View menu, the autosave delay to the ProjectController, a new device
// reloads the model in use, and a model chosen in the picker loads on the worker and becomes
// the default once it has loaded. GUI thread only.
#include <QObject>
#include <QPointer>
#include <QString>

#include "ui/settings/app_settings.h"

class QAction;
class QMainWindow;

namespace masklet::ui {

class FrameView;
class ModelPicker;
class ProjectController;
class ReviewController;
class SessionController;
class SettingsDialog;
class TrackingMenu;

class SettingsController : public QObject {
  Q_OBJECT

 public:
  struct Targets {
    SessionController* session = nullptr;
    TrackingMenu* tracking = nullptr;
    FrameView* view = nullptr;
    QAction* outlineOnlyAction = nullptr;  // the View menu's toggle (may be null)
    ProjectController* projects = nullptr;
    ReviewController* review = nullptr;  // review thresholds (may be null)
  };

  // Applies the saved settings that the targets do not load themselves (autosave delay).
  SettingsController(QMainWindow* window, const Targets& targets);

  // The checkpoint to load at start: the default model when it still exists, else the first
  // one found; empty when there is none.
  QString startupModel() const;
  // Non-modal; the dialog or picker already open is raised instead.
  SettingsDialog* openSettings();
  ModelPicker* chooseModel();
  // Loads a checkpoint the user picked (model picker, File ▸ Load Model); once it has loaded it
  // is the default model of the next start.
  void useModel(const QString& checkpointPath);
  // Saves `settings` and applies what can change now.
  void apply(const AppSettings& settings);

 Q_SIGNALS:
  // Loads the model on the worker (the window keeps its own state for it).
  void loadModelRequested(const QString& checkpointPath);
  void message(const QString& text);

 private:
  void onModelLoaded();

  QMainWindow* m_window;
  Targets m_targets;
  QPointer<SettingsDialog> m_dialog;
  QPointer<ModelPicker> m_picker;
  QString m_chosenModel;  // picked, loading; the default once it has loaded
};

}  // namespace masklet::ui
