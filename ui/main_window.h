#pragma once
// The application's main window: frame view, objects, timeline, status. A thin view of the
// annotation Document (DocumentModel): user actions go to the PromptController (prompts,
// tracking) and the ProjectController (files); the window redraws from document changes.
// GUI thread only.
#include <QMainWindow>
#include <QString>

#include "project/document.h"
#include "ui/main_actions.h"
#include "ui/worker_types.h"

class QLabel;
class QProgressBar;
class QSpinBox;

namespace masklet::ui {

class DocumentModel;
class FrameView;
class ObjectPanel;
class ProjectController;
class PromptController;
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
  // Opens a .masklet project: its video, objects, masks, and its prompts given to the tracker
  // again so corrections and re-propagation continue where they stopped.
  void openProject(const QString& path);
  // Adds the objects and masks of a COCO / SA-V / SA-1B / PNG-masks export (see
  // ProjectController::importAnnotations).
  void importAnnotations(const QString& path, bool asPrompts);
  // Loads a SAM 2 checkpoint on the worker thread.
  void loadModel(const QString& checkpointPath);

  // Text shown when no SAM 2 checkpoint was found (empty when one was found).
  QString modelStatusText() const { return m_modelStatus; }
  int currentFrame() const { return m_currentFrame; }
  const project::Document& document() const;
  project::Document& document();
  SessionController* controller() const { return m_controller; }
  ProjectController* projects() const { return m_projects; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createLayout();
  void connectActions();
  void connectControllers();
  void refreshModelStatus();
  void onMediaReady(const MediaInfo& info);
  void onDocumentChanged(const project::DocumentChange& change);
  void onFrameViewPointClicked(QPointF framePos, bool positive);
  void onFrameViewBoxDrawn(QRectF box);
  void onPropagationEnded(int framesDone, bool cancelled);
  void showFailure(const QString& message);
  bool promptsAllowed();
  void seek(int frame);
  void refreshOverlay();
  void refreshTimeline(int objectId);
  void refreshObjects();
  void refreshUndoActions();
  void startPropagation(bool reverse, bool full = false);

  DocumentModel* m_model = nullptr;
  SessionController* m_controller = nullptr;
  PromptController* m_prompts = nullptr;
  ProjectController* m_projects = nullptr;
  MainActions m_actions;
  FrameView* m_frameView = nullptr;
  ObjectPanel* m_objectPanel = nullptr;
  Timeline* m_timeline = nullptr;
  QSpinBox* m_frameSpin = nullptr;
  QLabel* m_frameLabel = nullptr;
  QProgressBar* m_progress = nullptr;
  TrackingMenu* m_trackingMenu = nullptr;

  MediaInfo m_media;
  QString m_modelStatus;
  int m_currentFrame = 0;
  bool m_modelReady = false;
};

}  // namespace masklet::ui
