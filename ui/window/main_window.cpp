#include "ui/window/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSpinBox>
#include <QStatusBar>
#include <QVBoxLayout>

#include "common/paths.h"
#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/canvas/view_menu.h"
#include "ui/files/file_workflow.h"
#include "ui/files/project_controller.h"
#include "ui/objects/document_model.h"
#include "ui/objects/object_panel.h"
#include "ui/review/review_controller.h"
#include "ui/settings/model_locator.h"
#include "ui/settings/model_status.h"
#include "ui/settings/settings_controller.h"
#include "ui/timeline/playback_controller.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/candidate_picker.h"
#include "ui/tracking/everything_picker.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/tracking/tracking_follower.h"
#include "ui/tracking/tracking_menu.h"
#include "ui/tracking/tracking_status.h"
#include "ui/window/shortcut_help.h"
#include "ui/workers/session_controller.h"

namespace masklet::ui {
namespace {
// Masks the user made (painted, imported) rather than the tracker.
bool isEditedSource(project::MaskSource source) {
  return source == project::MaskSource::Edited || source == project::MaskSource::Imported;
}

// The frame box takes digits only: Space stays the window's Play / Pause while it has the focus.
class SpaceGoesToShortcuts : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::ShortcutOverride) {
      const auto* key = static_cast<QKeyEvent*>(event);
      if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
        event->ignore();  // not overridden: the shortcut fires
        return true;
      }
    }
    return QObject::eventFilter(watched, event);
  }
};
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Masklet"));
  resize(1280, 820);
  m_model = new DocumentModel(this);
  m_controller = new SessionController(this);
  m_prompts = new PromptController(m_model, m_controller, this);
  m_projects = new ProjectController(this, m_model, m_controller, m_prompts);
  createLayout();
  m_actions = buildMainActions(this);
  m_files = new FileWorkflow(this, m_projects, m_actions.recentMenu);
  m_viewMenu = new ViewMenu(this, m_actions.viewMenu, m_frameView);
  connectReview();
  connectActions();
  connectControllers();
  connectPlayback();
  // Before the model loads, so the first session gets the saved precision.
  m_trackingMenu = new TrackingMenu(this, m_controller);
  connect(m_trackingMenu, &TrackingMenu::fullRetrackRequested, this,
          [this](bool reverse) { startPropagation(reverse, /*full=*/true); });
  m_everything =
      new EverythingPicker(m_trackingMenu->menu(), m_frameView, m_prompts, m_controller, this);
  connect(m_everything, &EverythingPicker::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connectSettings();
  refreshModelStatus();
}

void MainWindow::connectSettings() {
  m_settings = new SettingsController(this, {m_controller, m_trackingMenu, m_frameView,
                                             m_viewMenu->outlineOnly(), m_projects, m_review});
  connect(m_actions.settings, &QAction::triggered, m_settings, &SettingsController::openSettings);
  connect(m_actions.chooseModel, &QAction::triggered, m_settings, &SettingsController::chooseModel);
  connect(m_settings, &SettingsController::loadModelRequested, this, &MainWindow::loadModel);
  connect(m_settings, &SettingsController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
}

MainWindow::~MainWindow() {
  // It listens to the document, which the model (an earlier child, deleted first) owns.
  delete m_review;
}

const project::Document& MainWindow::document() const {
  return m_model->document();
}
project::Document& MainWindow::document() {
  return m_model->document();
}

void MainWindow::createLayout() {
  m_frameView = new FrameView(this);
  // The view holds the keyboard focus, so the window's single-key shortcuts (Home, End, arrows,
  // Ctrl+Z) reach their actions instead of a spin box or the objects panel.
  m_frameView->setFocusPolicy(Qt::StrongFocus);
  m_frameView->setFocus();
  m_timeline = new Timeline(this);
  m_frameSpin = new QSpinBox(this);
  m_frameSpin->setRange(0, 0);
  m_frameSpin->setToolTip(tr("Frame index (0-based)"));
  m_frameSpin->setFocusPolicy(Qt::ClickFocus);
  m_frameSpin->setObjectName("frameSpin");
  m_frameSpin->installEventFilter(new SpaceGoesToShortcuts(m_frameSpin));
  // Enter in the box goes to the typed frame and gives the keys back to the view (arrows, Home,
  // single-key tools); losing the focus to another widget leaves it there.
  connect(m_frameSpin, &QSpinBox::editingFinished, this, [this] {
    if (m_frameSpin->hasFocus()) m_frameView->setFocus();
  });
  m_frameLabel = new QLabel(tr("no video"), this);

  auto* transport = new QHBoxLayout;
  transport->addWidget(new QLabel(tr("Frame"), this));
  transport->addWidget(m_frameSpin);
  transport->addWidget(m_frameLabel);
  transport->addStretch(1);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(m_frameView, 1);
  layout->addWidget(m_timeline);
  layout->addLayout(transport);
  setCentralWidget(central);

  m_objectPanel = new ObjectPanel(m_model, this);
  auto* dock = new QDockWidget(tr("Objects"), this);
  dock->setObjectName("objectsDock");
  dock->setWidget(m_objectPanel);
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  addDockWidget(Qt::RightDockWidgetArea, dock);

  m_trackingStatus = new TrackingStatus(statusBar(), m_controller, m_prompts);
  statusBar()->addPermanentWidget(new ModelStatus(m_controller, this));
}

void MainWindow::connectActions() {
  const MainActions& a = m_actions;
  connect(a.open, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Video"), QString(),
        tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
    if (!path.isEmpty()) openMedia(path);
  });
  connect(a.openImages, &QAction::triggered, this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Image Folder"));
    if (!folder.isEmpty()) openImages(folder);
  });
  connect(a.openProject, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("Masklet project (*.masklet)"));
    if (!path.isEmpty()) openProject(path);
  });
  connect(a.recoverAutosave, &QAction::triggered, m_projects, &ProjectController::recoverAutosave);
  connect(a.save, &QAction::triggered, m_projects, &ProjectController::save);
  connect(a.saveAs, &QAction::triggered, m_projects, &ProjectController::saveAs);
  connect(a.loadModel, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Load SAM 2 or EdgeTAM checkpoint"), QString::fromStdString(userModelDir()),
        tr("SAM 2 / EdgeTAM checkpoints (*.pt);;All files (*)"));
    if (!path.isEmpty()) m_settings->useModel(path);
  });
  for (const auto& [action, format] : a.exports)
    connect(action, &QAction::triggered, this,
            [this, format = format] { m_projects->exportAs(format); });
  for (QAction* action : {a.importMasks, a.importPrompts}) {
    const bool asPrompts = action == a.importPrompts;
    connect(action, &QAction::triggered, this, [this, asPrompts] {
      const QString path = QFileDialog::getOpenFileName(
          this, tr("Import annotations (COCO, SA-V, SA-1B JSON; PNG masks: pick one PNG)"),
          QString(), tr("Annotations (*.json *.png);;All files (*)"));
      if (path.isEmpty()) return;
      // A PNG-masks export is a folder: importing one of its files means the folder.
      importAnnotations(path.endsWith(".png", Qt::CaseInsensitive) ? QFileInfo(path).path() : path,
                        asPrompts);
    });
  }
  connect(a.quit, &QAction::triggered, this, &QWidget::close);
  connect(a.undo, &QAction::triggered, this, [this] { document().undo(); });
  connect(a.redo, &QAction::triggered, this, [this] { document().redo(); });
  connect(a.pointsTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Points); });
  connect(a.boxTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Box); });
  connect(a.brushTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Brush); });
  connect(a.eraserTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Eraser); });
  connect(a.brushSmaller, &QAction::triggered, m_frameView, &FrameView::shrinkBrush);
  connect(a.brushLarger, &QAction::triggered, m_frameView, &FrameView::growBrush);
  connect(a.acceptFrame, &QAction::triggered, this, [this] {
    if (promptsAllowed()) m_prompts->acceptFrame(m_currentFrame, m_objectPanel->activeObject());
  });
  connect(a.newObject, &QAction::triggered, this, [this] {
    if (m_media.frameCount > 0) m_objectPanel->setActiveObject(document().addObject());
  });
  connect(a.trackForward, &QAction::triggered, this, [this] { startPropagation(false); });
  connect(a.trackBackward, &QAction::triggered, this, [this] { startPropagation(true); });
  connect(a.trackBoth, &QAction::triggered, this,
          [this] { startPropagation(false, false, /*bothWays=*/true); });
  connect(a.cancel, &QAction::triggered, m_controller, &SessionController::cancelPropagation);
  connect(a.clearPrompts, &QAction::triggered, this, [this] {
    if (m_objectPanel->activeObject() != 0)
      m_prompts->clearPrompts(m_currentFrame, m_objectPanel->activeObject());
  });
  for (const auto& [action, delta] : a.frameSteps)
    connect(action, &QAction::triggered, this, [this, delta = delta] {
      if (!m_review->stepFrames(delta)) seek(m_currentFrame + delta);
    });
  connect(a.firstFrame, &QAction::triggered, this, [this] { seek(0); });
  connect(a.lastFrame, &QAction::triggered, this, [this] { seek(m_media.frameCount - 1); });
  connect(a.exportDialog, &QAction::triggered, m_projects, &ProjectController::openExportDialog);
  connect(a.shortcutHelp, &QAction::triggered, this, [this] {
    auto* help = new ShortcutHelpDialog(this);
    help->setAttribute(Qt::WA_DeleteOnClose);
    help->show();  // modeless: it can stay open beside the work
  });
  connect(a.about, &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Masklet"),
                       tr("<b>Masklet</b> %1<br>Video object annotation with SAM 2, native C++."
                          "<br>SAM 2 © Meta Platforms, Inc., Apache-2.0.")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::connectControllers() {
  connect(m_model, &DocumentModel::changed, this, &MainWindow::onDocumentChanged);
  connect(m_projects, &ProjectController::mediaReady, this, &MainWindow::onMediaReady);
  connect(m_projects, &ProjectController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_projects, &ProjectController::failed, this, &MainWindow::showFailure);
  connect(m_prompts, &PromptController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_prompts, &PromptController::refused, this, &MainWindow::showFailure);
  connect(m_prompts, &PromptController::objectCreated, m_objectPanel,
          &ObjectPanel::setActiveObject);
  connect(m_prompts, &PromptController::propagationEnded, this, &MainWindow::onPropagationEnded);
  connect(m_controller, &SessionController::frameLoaded, this,
          [this](int frame, const QImage& image) {
            // Else the user moved on; playback shows its frames itself (onPlaybackFrameReady).
            if (frame == m_currentFrame && !m_playback->isPlaying()) m_frameView->setFrame(image);
          });
  connect(m_controller, &SessionController::damagedFramesFound, this,
          [this](const QList<int>& frames) {
            const int before = m_timeline->damagedFrames().size();
            m_timeline->setDamagedFrames(frames);
            if (m_timeline->damagedFrames().size() > before)
              statusBar()->showMessage(
                  tr("%n frame(s) of the video are damaged (marked on the timeline).", "",
                     int(m_timeline->damagedFrames().size())));
          });
  connect(m_controller, &SessionController::failed, this, &MainWindow::showFailure);
  connect(m_controller, &SessionController::modelLoaded, this, [this](const QString& text) {
    m_modelReady = true;
    statusBar()->showMessage(tr("Model ready: %1").arg(text));
  });
  connect(m_controller, &SessionController::busyChanged, this, [](bool busy) {
    if (busy) {
      QApplication::setOverrideCursor(Qt::BusyCursor);
    } else {
      QApplication::restoreOverrideCursor();
    }
  });
  connect(m_frameView, &FrameView::pointClicked, this, &MainWindow::onFrameViewPointClicked);
  connect(m_frameView, &FrameView::boxDrawn, this, &MainWindow::onFrameViewBoxDrawn);
  connect(m_frameView, &FrameView::maskPainted, this, &MainWindow::onFrameViewMaskPainted);
  // The brush edits the active object; "show only active" shows it.
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, this, &MainWindow::refreshOverlay);
  // A refused stroke: the view drops the painted mask it showed.
  connect(m_prompts, &PromptController::refused, this, &MainWindow::refreshOverlay);
  connect(m_timeline, &Timeline::frameRequested, this, &MainWindow::seek);
  connect(m_timeline, &Timeline::objectActivated, m_objectPanel, &ObjectPanel::setActiveObject);
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, m_timeline, &Timeline::setActiveObject);
  connect(m_frameSpin, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::seek);
  connect(m_objectPanel, &ObjectPanel::addObjectRequested, m_actions.newObject, &QAction::trigger);
  connect(m_objectPanel, &ObjectPanel::removeObjectRequested, m_prompts,
          &PromptController::removeObject);
  connect(m_objectPanel, &ObjectPanel::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  // A failed load leaves the previous model (if any) in use.
  connect(m_controller, &SessionController::modelLoadFailed, this,
          [this] { m_modelReady = !m_controller->modelPath().isEmpty(); });
  m_candidates = new CandidatePicker(m_frameView, m_model, m_prompts, m_controller,
                                     m_actions.pickCandidates, this);
}

void MainWindow::connectPlayback() {
  // After connectControllers, so the window's frameLoaded slot runs before the playback's.
  m_playback = new PlaybackController(m_controller, this);
  connect(m_playback, &PlaybackController::frameReady, this, &MainWindow::onPlaybackFrameReady);
  connect(m_playback, &PlaybackController::playingChanged, this, [this](bool playing) {
    m_actions.playPause->setText(playing ? tr("&Pause") : tr("&Play"));
  });
  connect(m_actions.playPause, &QAction::triggered, this, [this] {
    if (m_media.frameCount > 0) m_playback->toggle(m_currentFrame);
  });
  m_follower = new TrackingFollower(m_controller, this);
  connect(m_actions.followTracking, &QAction::toggled, m_follower, &TrackingFollower::setEnabled);
  connect(m_follower, &TrackingFollower::followFrame, this, [this](int frame) {
    if (!m_playback->isPlaying()) seek(frame);
  });
  connect(m_actions.fitTimeline, &QAction::triggered, m_timeline, &Timeline::fitAll);
}

void MainWindow::connectReview() {
  m_review = new ReviewController(this, document(), m_actions.review, m_timeline);
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, m_review,
          &ReviewController::setActiveObject);
  connect(m_review, &ReviewController::frameRequested, this, [this](int frame, int objectId) {
    if (objectId != 0) m_objectPanel->setActiveObject(objectId);
    seek(frame);
  });
  connect(m_review, &ReviewController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_review, &ReviewController::failed, this, &MainWindow::showFailure);
}

void MainWindow::refreshModelStatus() {
  // The default model of the settings, else the first one found.
  const QString path = m_settings->startupModel();
  if (path.isEmpty()) {
    m_modelStatus = QString::fromStdString(noModelHelpText());
    statusBar()->showMessage(m_modelStatus);
    return;
  }
  m_modelStatus.clear();
  statusBar()->showMessage(tr("Loading model %1...").arg(QFileInfo(path).fileName()));
  loadModel(path);
}

void MainWindow::loadModel(const QString& checkpointPath) {
  m_modelReady = false;
  m_controller->loadModel(checkpointPath);
}

void MainWindow::openMedia(const QString& path) {
  m_files->openMedia(path);
}
void MainWindow::openImages(const QString& folder) {
  m_files->whenChangesHandled([this, folder] { m_projects->openImages(folder); });
}
void MainWindow::openProject(const QString& path) {
  m_files->openProject(path);
}
void MainWindow::importAnnotations(const QString& path, bool asPrompts) {
  m_projects->importAnnotations(path, asPrompts);
}

void MainWindow::onMediaReady(const MediaInfo& info) {
  m_media = info;
  setWindowTitle(tr("%1 — Masklet").arg(QFileInfo(info.path).fileName()));
  m_timeline->setFrameCount(info.frameCount);
  m_playback->setVideo(info.frameCount, info.fps);
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setRange(0, std::max(0, info.frameCount - 1));
  }
  // Image mode: each image on its own, nothing to track.
  for (QAction* action : {m_actions.trackForward, m_actions.trackBackward, m_actions.trackBoth})
    if (action) action->setEnabled(info.images.empty());
  m_currentFrame = -1;
  if (m_everything) m_everything->setCurrentFrame(-1);
  seek(0);
  if (statusBar()->currentMessage().startsWith(tr("Opening")))
    statusBar()->showMessage(info.description);
}

void MainWindow::onDocumentChanged(const project::DocumentChange& change) {
  using Kind = project::DocumentChange::Kind;
  if (change.kind == Kind::Reset) m_timeline->clearObjects();
  if (!change.objectsChanged.empty() || change.kind == Kind::Reset) refreshObjects();
  std::set<int> promptedObjects;
  for (const auto& key : change.promptsChanged) promptedObjects.insert(key.second);
  if (!change.promptsChanged.empty()) m_playback->stop();  // a prompt (or its undo) ends playback
  // A tracked frame touches one mask per object: mark it, no need to redraw whole lanes.
  bool currentFrameChanged = false;
  for (const auto& key : change.masksChanged) {
    const auto* mask = document().mask(key.first, key.second);
    m_timeline->markMask(key.second, key.first, mask != nullptr && dataset::rleArea(mask->rle) > 0,
                         mask != nullptr && isEditedSource(mask->source));
    currentFrameChanged = currentFrameChanged || key.first == m_currentFrame;
  }
  for (const int objectId : promptedObjects) refreshTimeline(objectId);
  for (const auto& key : change.promptsChanged)
    currentFrameChanged = currentFrameChanged || key.first == m_currentFrame;
  if (currentFrameChanged || !change.objectsChanged.empty() || change.kind == Kind::Reset)
    refreshOverlay();
  refreshUndoActions();
}

void MainWindow::refreshObjects() {
  const auto& objects = document().objects();
  for (const auto& object : objects) {
    m_timeline->setObject(object.id, QString::fromStdString(object.name),
                          QColor(QRgb(0xff000000u | object.color)), object.visible);
    refreshTimeline(object.id);
  }
  // Objects the timeline still lists but the document no longer has (removed, undone); the
  // object panel follows the document itself.
  for (int id = 1; id < document().nextObjectId(); ++id) {
    if (!document().hasObject(id)) m_timeline->removeObject(id);
  }
}

void MainWindow::refreshUndoActions() {
  const auto& doc = document();
  const bool idle = !m_prompts->isPropagating();
  m_actions.undo->setEnabled(idle && doc.canUndo());
  m_actions.redo->setEnabled(idle && doc.canRedo());
  m_actions.undo->setText(doc.canUndo() ? tr("&Undo %1").arg(QString::fromStdString(doc.undoText()))
                                        : tr("&Undo"));
  m_actions.redo->setText(doc.canRedo() ? tr("&Redo %1").arg(QString::fromStdString(doc.redoText()))
                                        : tr("&Redo"));
}

void MainWindow::seek(int frame) {
  m_playback->stop();
  if (moveToFrame(frame)) m_controller->requestFrame(m_currentFrame);
}

void MainWindow::onPlaybackFrameReady(int frame, const QImage& image) {
  moveToFrame(frame);
  m_frameView->setFrame(image);
}

bool MainWindow::moveToFrame(int frame) {
  if (m_media.frameCount <= 0) return false;
  frame = std::clamp(frame, 0, m_media.frameCount - 1);
  if (frame == m_currentFrame) return false;
  m_currentFrame = frame;
  if (m_candidates) m_candidates->setCurrentFrame(frame);
  if (m_everything) m_everything->setCurrentFrame(frame);
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setValue(frame);
  }
  m_timeline->setCurrentFrame(frame);
  m_review->setCurrentFrame(frame);
  m_frameLabel->setText(tr("of %1").arg(m_media.frameCount));
  refreshOverlay();
  return true;
}

void MainWindow::refreshOverlay() {
  const int active = m_objectPanel->activeObject();
  const auto* activeMask = document().mask(m_currentFrame, active);
  m_frameView->setActiveObject(active,
                               activeMask != nullptr ? maskImage(activeMask->rle) : QImage());
  m_frameView->setObjectColors(objectColors(document()));
  m_frameView->setMasks(masksOnFrame(document(), m_currentFrame));
  m_frameView->setPrompts(promptMarkersOnFrame(document(), m_currentFrame));
}

void MainWindow::refreshTimeline(int objectId) {
  std::vector<int> tracked;
  std::vector<int> edited;
  for (const auto& [key, mask] : document().state().masks) {
    if (key.second != objectId) continue;
    if (dataset::rleArea(mask.rle) > 0) tracked.push_back(key.first);
    if (isEditedSource(mask.source)) edited.push_back(key.first);
  }
  m_timeline->setObjectFrames(objectId, tracked, document().framesWithPrompts(objectId), edited);
}

bool MainWindow::promptsAllowed() {
  if (m_media.frameCount <= 0) return false;
  if (!m_modelReady) {
    statusBar()->showMessage(m_modelStatus.isEmpty() ? tr("The model is still loading.")
                                                     : m_modelStatus);
    return false;
  }
  return true;
}

void MainWindow::onFrameViewPointClicked(QPointF framePos, bool positive) {
  m_playback->stop();
  if (!promptsAllowed()) return;
  m_prompts->addPoint(m_currentFrame, m_objectPanel->activeObject(), framePos, positive);
}

void MainWindow::onFrameViewBoxDrawn(QRectF box) {
  m_playback->stop();
  if (!promptsAllowed()) return;
  m_prompts->addBox(m_currentFrame, m_objectPanel->activeObject(), box);
}

void MainWindow::onFrameViewMaskPainted(int objectId, const QImage& mask, bool erased) {
  if (!promptsAllowed()) {
    refreshOverlay();  // the stroke is not kept
    return;
  }
  if (m_prompts->addMask(m_currentFrame, objectId, maskRle(mask), erased) == 0) refreshOverlay();
}

void MainWindow::startPropagation(bool reverse, bool full, bool bothWays) {
  m_playback->stop();
  if (!m_modelReady) return;
  const bool started = bothWays ? m_prompts->startPropagationBothWays(m_currentFrame, full)
                                : m_prompts->startPropagation(m_currentFrame, reverse, full);
  if (!started) return;
  m_actions.cancel->setEnabled(true);
  refreshUndoActions();
  statusBar()->showMessage(bothWays  ? tr("Tracking forward, then backward... (Esc cancels)")
                           : reverse ? tr("Tracking backward... (Esc cancels)")
                                     : tr("Tracking forward... (Esc cancels)"));
}

void MainWindow::onPropagationEnded(int framesDone, bool cancelled) {
  m_actions.cancel->setEnabled(false);
  refreshUndoActions();
  statusBar()->showMessage(
      cancelled ? tr("Cancelled after %1 frames; those frames are kept.").arg(framesDone)
                : tr("Tracked %1 frames.").arg(framesDone));
  m_projects->autosaveSoon();
}

void MainWindow::showFailure(const QString& message) {
  statusBar()->showMessage(message);
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Masklet"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();  // not exec(): the event loop (and the worker results) keep flowing
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // Unsaved changes: Save / Discard / Cancel first (the window closes again once handled).
  if (!m_files->approveClose()) {
    event->ignore();
    return;
  }
  m_controller->cancelPropagation();
  event->accept();
}

}  // namespace masklet::ui
