#pragma once
// The application's main window: frame view, objects, timeline, status. A thin view of the
// annotation Document (DocumentModel): user actions go to the PromptController (prompts,
// tracking) and the ProjectController (files); the window redraws from document changes.
// GUI thread only.
#include <QMainWindow>
#include <QString>

#include "project/document.h"
#include "ui/window/main_actions.h"
#include "ui/workers/worker_types.h"

class QLabel;
class QSpinBox;

namespace masklet::ui {

class CandidatePicker;
class EverythingPicker;
class DocumentModel;
class FileWorkflow;
class FrameView;
class ObjectPanel;
class ProjectController;
class PlaybackController;
class PromptController;
class ReviewController;
class SessionController;
class SettingsController;
class Timeline;
class TrackingFollower;
class TrackingMenu;
class TrackingStatus;
class ViewMenu;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a video file or image folder (after the unsaved-changes prompt, if needed);
  // problems go to the status bar and a dialog.
  void openMedia(const QString& path);
  // Image mode: a folder of images, each annotated on its own (see ProjectController).
  void openImages(const QString& folder);
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
  CandidatePicker* candidates() const { return m_candidates; }
  // Recent files, drops, the unsaved-changes prompt, the recovery offer.
  FileWorkflow* files() const { return m_files; }
  // Review assist: doubtful frames, checked marks, events, signals CSV.
  ReviewController* review() const { return m_review; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createLayout();
  // The wiring of each area (main_window_<area>.cpp), in the constructor's order.
  void connectReview();
  void connectFileActions();
  void connectEditActions();  // undo, redo, tools, accept, clear prompts
  void connectTrackingActions();
  void connectNavigationActions();  // frame steps, first, last
  void connectHelpActions();
  void connectDocument();
  void connectFiles();          // what the ProjectController reports
  void connectPrompts();        // the frame view's input and what the PromptController reports
  void connectWorker();         // what the worker threads report
  void connectFrameControls();  // the timeline and the frame box asking for a frame
  void connectObjects();
  void connectPlayback();     // playback, follow-tracking, fit timeline
  void createTrackingMenu();  // the Tracking menu and Segment Everything
  void connectSettings();     // Settings dialog, model picker, Load model
  void refreshModelStatus();
  void onMediaReady(const MediaInfo& info);
  void onDocumentChanged(const project::DocumentChange& change);
  void onFrameViewPointClicked(QPointF framePos, bool positive);
  void onFrameViewBoxDrawn(QRectF box);
  void onFrameViewMaskPainted(int objectId, const QImage& mask, bool erased);
  void onPropagationEnded(int framesDone, bool cancelled);
  void showFailure(const QString& message);
  bool promptsAllowed();
  // Any seek stops playback.
  void seek(int frame);
  // Makes `frame` current (spin box, timeline, overlay) without loading its image; false when
  // it already was.
  bool moveToFrame(int frame);
  void onPlaybackFrameReady(int frame, const QImage& image);
  void refreshOverlay();
  void refreshTimeline(int objectId);
  void refreshObjects();
  void refreshUndoActions();
  void startPropagation(bool reverse, bool full = false, bool bothWays = false);

  DocumentModel* m_model = nullptr;
  SessionController* m_controller = nullptr;
  PromptController* m_prompts = nullptr;
  ProjectController* m_projects = nullptr;
  FileWorkflow* m_files = nullptr;
  MainActions m_actions;
  FrameView* m_frameView = nullptr;
  ObjectPanel* m_objectPanel = nullptr;
  Timeline* m_timeline = nullptr;
  QSpinBox* m_frameSpin = nullptr;
  QLabel* m_frameLabel = nullptr;
  TrackingStatus* m_trackingStatus = nullptr;
  CandidatePicker* m_candidates = nullptr;
  EverythingPicker* m_everything = nullptr;  // Tracking ▸ Segment Everything
  PlaybackController* m_playback = nullptr;
  TrackingFollower* m_follower = nullptr;
  TrackingMenu* m_trackingMenu = nullptr;
  SettingsController* m_settings = nullptr;
  ViewMenu* m_viewMenu = nullptr;
  ReviewController* m_review = nullptr;

  MediaInfo m_media;
  QString m_modelStatus;
  int m_currentFrame = 0;
  bool m_modelReady = false;
};

}  // namespace masklet::ui
