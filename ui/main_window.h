#pragma once
// The application's main window: frame view, objects, timeline, and the actions that drive
// the tracker. Holds the annotation document (AnnotationProject); every model call goes to
// the worker thread through SessionController. GUI thread only.
#include <QMainWindow>
#include <QString>
#include <optional>

#include "project/annotation_project.h"
#include "ui/worker_types.h"

class QAction;
class QLabel;
class QProgressBar;
class QSpinBox;
class QTimer;
class QUndoStack;

namespace masklet::ui {

class FrameView;
class ObjectPanel;
class SessionController;
class Timeline;
class TrackingMenu;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a video file or image folder; problems go to the status bar and a dialog.
  void openMedia(const QString& path);
  // Opens a .masklet project: its video, objects, masks, and its prompts replayed into the
  // tracker so corrections and re-propagation continue where they stopped.
  void openProject(const QString& path);
  // Adds the objects and masks of a COCO / SA-V / SA-1B / PNG-masks export. With
  // `asPrompts`, each imported object's first mask also becomes a mask prompt to refine.
  void importAnnotations(const QString& path, bool asPrompts);
  // Loads a SAM 2 checkpoint on the worker thread.
  void loadModel(const QString& checkpointPath);

  // Text shown when no SAM 2 checkpoint was found (empty when one was found).
  QString modelStatusText() const { return m_modelStatus; }
  int currentFrame() const { return m_currentFrame; }
  const project::AnnotationProject& project() const { return m_project; }
  SessionController* controller() const { return m_controller; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private Q_SLOTS:
  void onOpenActionTriggered();
  void onLoadModelActionTriggered();
  void onAboutActionTriggered();
  void onControllerMediaOpened(const masklet::ui::MediaInfo& info);
  void onControllerFrameLoaded(int frame, const QImage& image);
  void onControllerMasksReady(const masklet::ui::FrameResult& result);
  void onControllerProgress(int done, int total);
  void onControllerPropagationFinished(int framesDone, bool cancelled);
  void onControllerFailed(const QString& message);
  void onFrameViewPointClicked(QPointF framePos, bool positive);
  void onFrameViewBoxDrawn(QRectF box);
  void onObjectPanelAddObjectRequested();
  void onObjectPanelRemoveObjectRequested(int objectId);

 private:
  void createActions();
  void addObjectToPanels(int objectId);
  void replayPrompts();
  // Records a prompt edit of the active object on the current frame for undo/redo.
  void recordPromptEdit(const QString& text, int objectId, const project::FramePrompts& before);
  // Sets an object's prompts on a frame and has the tracker recompute that frame from them
  // (`clearFirst`: drop what the tracker had there first; not needed on a fresh session).
  void applyPrompts(int frame, int objectId, const project::FramePrompts& prompts,
                    bool clearFirst = true);
  void createLayout();
  void refreshModelStatus();
  void seek(int frame);
  void refreshOverlay();
  void refreshTimeline(int objectId);
  int ensureActiveObject();
  bool checkPromptInsideFrame(const QPointF& point);
  // full: re-track every frame even when "re-track until converged" is on.
  void startPropagation(bool reverse, bool full = false);
  void exportAs(const QString& format);
  void saveProjectAs();
  void scheduleAutosave();
  void autosave();
  QString autosavePath() const;

  SessionController* m_controller = nullptr;
  FrameView* m_frameView = nullptr;
  ObjectPanel* m_objectPanel = nullptr;
  Timeline* m_timeline = nullptr;
  QSpinBox* m_frameSpin = nullptr;
  QLabel* m_frameLabel = nullptr;
  QProgressBar* m_progress = nullptr;
  QAction* m_cancelAction = nullptr;
  QAction* m_pointsToolAction = nullptr;
  QAction* m_boxToolAction = nullptr;
  QTimer* m_autosaveTimer = nullptr;
  QUndoStack* m_undoStack = nullptr;
  TrackingMenu* m_trackingMenu = nullptr;

  project::AnnotationProject m_project;
  MediaInfo m_media;
  // A project being opened: applied once its video has opened.
  std::optional<project::AnnotationProject> m_pendingProject;
  QString m_modelStatus;
  QString m_projectPath;
  int m_currentFrame = 0;
  bool m_modelReady = false;
  bool m_propagating = false;
};

}  // namespace masklet::ui
