#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "common/paths.h"
#include "dataset/dataset_format.h"
#include "project/project_file.h"
#include "project/project_import.h"
#include "ui/export_job.h"
#include "ui/frame_view.h"
#include "ui/mask_images.h"
#include "ui/model_locator.h"
#include "ui/object_panel.h"
#include "ui/prompt_edit_command.h"
#include "ui/session_controller.h"
#include "ui/timeline.h"
#include "ui/tracking_menu.h"

namespace masklet::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Masklet"));
  resize(1280, 820);
  m_controller = new SessionController(this);
  m_undoStack = new QUndoStack(this);
  m_autosaveTimer = new QTimer(this);
  m_autosaveTimer->setSingleShot(true);
  m_autosaveTimer->setInterval(3000);
  connect(m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosave);

  createLayout();
  createActions();

  connect(m_controller, &SessionController::mediaOpened, this,
          &MainWindow::onControllerMediaOpened);
  connect(m_controller, &SessionController::frameLoaded, this,
          &MainWindow::onControllerFrameLoaded);
  connect(m_controller, &SessionController::masksReady, this, &MainWindow::onControllerMasksReady);
  connect(m_controller, &SessionController::progress, this, &MainWindow::onControllerProgress);
  connect(m_controller, &SessionController::propagationFinished, this,
          &MainWindow::onControllerPropagationFinished);
  connect(m_controller, &SessionController::failed, this, &MainWindow::onControllerFailed);
  connect(m_controller, &SessionController::modelLoaded, this, [this](const QString& text) {
    m_modelReady = true;
    statusBar()->showMessage(tr("Model ready: %1").arg(text));
  });
  connect(m_controller, &SessionController::busyChanged, this, [this](bool busy) {
    if (busy) {
      QApplication::setOverrideCursor(Qt::BusyCursor);
    } else {
      QApplication::restoreOverrideCursor();
    }
  });
  // Before the model loads, so the first session gets the saved precision.
  m_trackingMenu = new TrackingMenu(this, m_controller);
  connect(m_trackingMenu, &TrackingMenu::fullRetrackRequested, this,
          [this](bool reverse) { startPropagation(reverse, /*full=*/true); });
  refreshModelStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createLayout() {
  m_frameView = new FrameView(this);
  m_timeline = new Timeline(this);
  m_frameSpin = new QSpinBox(this);
  m_frameSpin->setRange(0, 0);
  m_frameSpin->setToolTip(tr("Frame index (0-based)"));
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

  m_objectPanel = new ObjectPanel(this);
  auto* dock = new QDockWidget(tr("Objects"), this);
  dock->setObjectName("objectsDock");
  dock->setWidget(m_objectPanel);
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  addDockWidget(Qt::RightDockWidgetArea, dock);

  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(220);
  m_progress->setVisible(false);
  statusBar()->addPermanentWidget(m_progress);

  connect(m_frameView, &FrameView::pointClicked, this, &MainWindow::onFrameViewPointClicked);
  connect(m_frameView, &FrameView::boxDrawn, this, &MainWindow::onFrameViewBoxDrawn);
  connect(m_timeline, &Timeline::frameRequested, this, &MainWindow::seek);
  connect(m_frameSpin, qOverload<int>(&QSpinBox::valueChanged), this, &MainWindow::seek);
  connect(m_objectPanel, &ObjectPanel::addObjectRequested, this,
          &MainWindow::onObjectPanelAddObjectRequested);
  connect(m_objectPanel, &ObjectPanel::removeObjectRequested, this,
          &MainWindow::onObjectPanelRemoveObjectRequested);
  connect(m_objectPanel, &ObjectPanel::objectRenamed, this, [this](int id, const QString& name) {
    if (m_project.hasObject(id)) m_project.renameObject(id, name.toStdString());
    scheduleAutosave();
  });
}

void MainWindow::createActions() {
  QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
  QAction* openAction = fileMenu->addAction(tr("&Open Video..."));
  openAction->setShortcut(QKeySequence::Open);
  connect(openAction, &QAction::triggered, this, &MainWindow::onOpenActionTriggered);
  QAction* modelAction = fileMenu->addAction(tr("Load &Model..."));
  connect(modelAction, &QAction::triggered, this, &MainWindow::onLoadModelActionTriggered);
  QAction* openProjectAction = fileMenu->addAction(tr("Open &Project..."));
  connect(openProjectAction, &QAction::triggered, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("Masklet project (*.masklet)"));
    if (!path.isEmpty()) openProject(path);
  });
  QAction* saveAction = fileMenu->addAction(tr("&Save Project As..."));
  saveAction->setShortcut(QKeySequence::Save);
  connect(saveAction, &QAction::triggered, this, &MainWindow::saveProjectAs);
  QMenu* exportMenu = fileMenu->addMenu(tr("&Export"));
  const QList<QPair<QString, QString>> formats{{tr("COCO JSON (RLE)..."), "coco"},
                                               {tr("SA-V JSON..."), "sav"},
                                               {tr("SA-1B folder..."), "sa1b"},
                                               {tr("PNG masks folder..."), "png"}};
  for (const auto& [label, format] : formats) {
    connect(exportMenu->addAction(label), &QAction::triggered, this,
            [this, format = format] { exportAs(format); });
  }
  QMenu* importMenu = fileMenu->addMenu(tr("&Import"));
  for (const bool asPrompts : {false, true}) {
    QAction* action = importMenu->addAction(asPrompts ? tr("Annotations as prompts to refine...")
                                                      : tr("Annotations as final masks..."));
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
  fileMenu->addSeparator();
  QAction* quitAction = fileMenu->addAction(tr("&Quit"));
  quitAction->setShortcut(QKeySequence::Quit);
  connect(quitAction, &QAction::triggered, this, &QWidget::close);

  QToolBar* tools = addToolBar(tr("Tools"));
  tools->setObjectName("toolsBar");
  auto* toolGroup = new QActionGroup(this);
  m_pointsToolAction = tools->addAction(tr("Points"));
  m_pointsToolAction->setToolTip(tr("Click: positive point, right click: negative point (P)"));
  m_pointsToolAction->setShortcut(Qt::Key_P);
  m_boxToolAction = tools->addAction(tr("Box"));
  m_boxToolAction->setToolTip(tr("Drag a box around the object (X)"));
  m_boxToolAction->setShortcut(Qt::Key_X);
  for (QAction* action : {m_pointsToolAction, m_boxToolAction}) {
    action->setCheckable(true);
    toolGroup->addAction(action);
  }
  m_pointsToolAction->setChecked(true);
  connect(m_pointsToolAction, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Points); });
  connect(m_boxToolAction, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Box); });
  tools->addSeparator();
  QAction* newObject = tools->addAction(tr("New object"));
  newObject->setShortcut(Qt::Key_N);
  connect(newObject, &QAction::triggered, this, &MainWindow::onObjectPanelAddObjectRequested);
  QAction* forward = tools->addAction(tr("Track forward"));
  forward->setShortcut(Qt::Key_F);
  forward->setToolTip(tr("Propagate every object from this frame to the end (F)"));
  connect(forward, &QAction::triggered, this, [this] { startPropagation(false); });
  QAction* backward = tools->addAction(tr("Track backward"));
  backward->setShortcut(Qt::Key_B);
  backward->setToolTip(tr("Propagate every object from this frame to the start (B)"));
  connect(backward, &QAction::triggered, this, [this] { startPropagation(true); });
  m_cancelAction = tools->addAction(tr("Cancel"));
  m_cancelAction->setShortcut(Qt::Key_Escape);
  m_cancelAction->setEnabled(false);
  connect(m_cancelAction, &QAction::triggered, m_controller, &SessionController::cancelPropagation);
  QAction* clearFrame = tools->addAction(tr("Clear prompts"));
  clearFrame->setToolTip(tr("Remove the active object's prompts on this frame (C)"));
  clearFrame->setShortcut(Qt::Key_C);
  connect(clearFrame, &QAction::triggered, this, [this] {
    const int objectId = m_objectPanel->activeObject();
    if (objectId == 0 || m_propagating) return;
    const project::FramePrompts before = m_project.promptsAt(m_currentFrame, objectId);
    if (before.empty()) return;
    applyPrompts(m_currentFrame, objectId, {});
    recordPromptEdit(tr("Clear prompts"), objectId, before);
  });

  // Frame navigation: arrows step, Shift+arrows jump 10, Home/End.
  const QList<QPair<QKeySequence, int>> steps{{QKeySequence(Qt::Key_Right), 1},
                                              {QKeySequence(Qt::Key_Left), -1},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Right), 10},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Left), -10}};
  for (const auto& [keys, delta] : steps) {
    auto* action = new QAction(this);
    action->setShortcut(keys);
    connect(action, &QAction::triggered, this,
            [this, delta = delta] { seek(m_currentFrame + delta); });
    addAction(action);
  }
  auto* home = new QAction(this);
  home->setShortcut(Qt::Key_Home);
  connect(home, &QAction::triggered, this, [this] { seek(0); });
  auto* end = new QAction(this);
  end->setShortcut(Qt::Key_End);
  connect(end, &QAction::triggered, this, [this] { seek(m_media.frameCount - 1); });
  addAction(home);
  addAction(end);

  QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = m_undoStack->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = m_undoStack->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  editMenu->addAction(undo);
  editMenu->addAction(redo);

  QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
  QAction* aboutAction = helpMenu->addAction(tr("&About Masklet"));
  connect(aboutAction, &QAction::triggered, this, &MainWindow::onAboutActionTriggered);
}

void MainWindow::refreshModelStatus() {
  const auto checkpoints = findInstalledCheckpoints();
  if (checkpoints.empty()) {
    m_modelStatus = QString::fromStdString(noModelHelpText());
    statusBar()->showMessage(m_modelStatus);
    return;
  }
  m_modelStatus.clear();
  const QString path = QString::fromStdString(checkpoints.front());
  statusBar()->showMessage(tr("Loading model %1...").arg(QFileInfo(path).fileName()));
  loadModel(path);
}

void MainWindow::loadModel(const QString& checkpointPath) {
  m_modelReady = false;
  m_controller->loadModel(checkpointPath);
}

void MainWindow::openMedia(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists()) {
    onControllerFailed(tr("Cannot open \"%1\": the file does not exist.").arg(path));
    return;
  }
  m_project = project::AnnotationProject();
  m_project.videoPath = path.toStdString();
  m_objectPanel->clear();
  m_timeline->clearObjects();
  m_frameView->setMasks({});
  m_frameView->setPrompts({});
  statusBar()->showMessage(tr("Opening %1...").arg(info.fileName()));
  m_controller->openMedia(path);
}

void MainWindow::onControllerMediaOpened(const MediaInfo& info) {
  m_media = info;
  auto& video = m_project.annotation.video;
  video.name = QFileInfo(info.path).completeBaseName().toStdString();
  video.width = info.width;
  video.height = info.height;
  video.frameCount = info.frameCount;
  video.fps = info.fps;
  setWindowTitle(tr("%1 — Masklet").arg(QFileInfo(info.path).fileName()));
  m_timeline->setFrameCount(info.frameCount);
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setRange(0, std::max(0, info.frameCount - 1));
  }
  m_currentFrame = -1;
  seek(0);
  statusBar()->showMessage(info.description);
  if (m_pendingProject) {
    const auto& video = m_project.annotation.video;
    auto& pending = m_pendingProject->annotation.video;
    if (pending.width != video.width || pending.height != video.height) {
      onControllerFailed(tr("The project was made for a %1×%2 video, this one is %3×%4; "
                            "its annotations were not loaded.")
                             .arg(pending.width)
                             .arg(pending.height)
                             .arg(video.width)
                             .arg(video.height));
    } else {
      m_project = std::move(*m_pendingProject);
      for (const auto& object : m_project.annotation.objects) addObjectToPanels(object.trackId);
      replayPrompts();
      refreshOverlay();
    }
    m_pendingProject.reset();
  }
}

void MainWindow::openProject(const QString& path) {
  try {
    project::AnnotationProject loaded = project::loadProject(path.toStdString());
    const QString video = QString::fromStdString(loaded.videoPath);
    openMedia(video);
    m_pendingProject = std::move(loaded);
    m_projectPath = path;
  } catch (const std::exception& error) {
    onControllerFailed(tr("Could not open the project: %1").arg(error.what()));
  }
}

void MainWindow::replayPrompts() {
  const auto all = m_project.prompts;  // applyPrompts edits m_project.prompts
  for (const auto& [frame, byObject] : all)
    for (const auto& [objectId, prompts] : byObject) applyPrompts(frame, objectId, prompts, false);
}

void MainWindow::recordPromptEdit(const QString& text, int objectId,
                                  const project::FramePrompts& before) {
  m_undoStack->push(new PromptEditCommand(
      text, m_currentFrame, objectId, before, m_project.promptsAt(m_currentFrame, objectId),
      [this](int frame, int id, const project::FramePrompts& prompts) {
        if (m_propagating || !m_project.hasObject(id)) return;
        applyPrompts(frame, id, prompts);
        seek(frame);
      }));
}

void MainWindow::applyPrompts(int frame, int objectId, const project::FramePrompts& prompts,
                              bool clearFirst) {
  // The tracker has no "remove one point": clear the frame, then give it the prompts again.
  if (clearFirst) m_controller->clearFrame(frame, objectId);
  m_project.clearPrompts(frame, objectId);
  if (!prompts.empty()) {
    m_project.promptsAt(frame, objectId) = prompts;
    QVector<QPointF> points;
    QVector<int> labels;
    for (const auto& point : prompts.points) {
      points.push_back(QPointF(point.x, point.y));
      labels.push_back(point.label);
    }
    if (prompts.box) {
      const auto& b = *prompts.box;
      m_controller->addBox(frame, objectId, QRectF(QPointF(b[0], b[1]), QPointF(b[2], b[3])));
      if (!points.isEmpty()) m_controller->addPoints(frame, objectId, points, labels, false);
    } else {
      m_controller->addPoints(frame, objectId, points, labels, true);
    }
  }
  refreshOverlay();
  refreshTimeline(objectId);
  scheduleAutosave();
}

void MainWindow::importAnnotations(const QString& path, bool asPrompts) {
  if (m_media.frameCount <= 0) {
    statusBar()->showMessage(tr("Open the video the annotations belong to first."));
    return;
  }
  try {
    const auto format = dataset::detectFormat(path.toStdString());
    const auto imported = dataset::readDataset(path.toStdString(), format);
    const auto ids = project::importAnnotation(m_project, imported);
    for (const auto& [oldId, newId] : ids) {
      addObjectToPanels(newId);
      if (!asPrompts) continue;
      const auto frames = m_project.framesWithMask(newId);
      if (frames.empty()) continue;
      m_controller->addMask(frames.front(), newId,
                            m_project.annotation.findMask(frames.front(), newId)->rle);
    }
    refreshOverlay();
    scheduleAutosave();
    statusBar()->showMessage(tr("Imported %1 objects from %2").arg(ids.size()).arg(path));
  } catch (const std::exception& error) {
    onControllerFailed(tr("Import failed, the project is unchanged: %1").arg(error.what()));
  }
}

void MainWindow::addObjectToPanels(int objectId) {
  const auto* object = m_project.annotation.findObject(objectId);
  if (object == nullptr) return;
  m_objectPanel->addObject(objectId, QString::fromStdString(object->name));
  if (m_objectPanel->activeObject() == 0) m_objectPanel->setActiveObject(objectId);
  refreshTimeline(objectId);
}

void MainWindow::seek(int frame) {
  if (m_media.frameCount <= 0) return;
  frame = std::clamp(frame, 0, m_media.frameCount - 1);
  if (frame == m_currentFrame) return;
  m_currentFrame = frame;
  {
    const QSignalBlocker blocker(m_frameSpin);
    m_frameSpin->setValue(frame);
  }
  m_timeline->setCurrentFrame(frame);
  m_frameLabel->setText(tr("of %1").arg(m_media.frameCount));
  m_controller->requestFrame(frame);
  refreshOverlay();
}

void MainWindow::onControllerFrameLoaded(int frame, const QImage& image) {
  if (frame != m_currentFrame) return;  // the user moved on meanwhile
  m_frameView->setFrame(image);
}

void MainWindow::refreshOverlay() {
  m_frameView->setMasks(masksOnFrame(m_project, m_currentFrame));
  m_frameView->setPrompts(promptMarkersOnFrame(m_project, m_currentFrame));
}

void MainWindow::refreshTimeline(int objectId) {
  QSet<int> present;
  for (int frame : m_project.framesWithMask(objectId)) present.insert(frame);
  QSet<int> prompted;
  for (int frame : m_project.framesWithPrompts(objectId)) prompted.insert(frame);
  m_timeline->setPresence(objectId, present);
  m_timeline->setPrompted(objectId, prompted);
}

void MainWindow::onControllerMasksReady(const FrameResult& result) {
  for (const auto& [objectId, rle] : result.masks) {
    if (!m_project.hasObject(objectId)) continue;
    dataset::MaskAnnotation mask;
    mask.rle = rle;
    const bool present = dataset::rleArea(rle) > 0;
    m_project.setMask(result.frame, objectId, std::move(mask));
    m_timeline->markPresence(objectId, result.frame, present);
  }
  if (result.frame == m_currentFrame) refreshOverlay();
  scheduleAutosave();
}

int MainWindow::ensureActiveObject() {
  if (m_objectPanel->activeObject() == 0) onObjectPanelAddObjectRequested();
  return m_objectPanel->activeObject();
}

bool MainWindow::checkPromptInsideFrame(const QPointF& point) {
  if (point.x() >= 0 && point.y() >= 0 && point.x() <= m_media.width && point.y() <= m_media.height)
    return true;
  statusBar()->showMessage(tr("Prompts must lie inside the frame (%1×%2); ignored.")
                               .arg(m_media.width)
                               .arg(m_media.height));
  return false;
}

void MainWindow::onFrameViewPointClicked(QPointF framePos, bool positive) {
  if (m_media.frameCount <= 0 || m_propagating) return;
  if (!m_modelReady) {
    statusBar()->showMessage(m_modelStatus.isEmpty() ? tr("The model is still loading.")
                                                     : m_modelStatus);
    return;
  }
  if (!checkPromptInsideFrame(framePos)) return;
  const int objectId = ensureActiveObject();
  const project::FramePrompts before = m_project.promptsAt(m_currentFrame, objectId);
  m_project.promptsAt(m_currentFrame, objectId)
      .points.push_back({framePos.x(), framePos.y(), positive ? 1 : 0});
  m_controller->addPoints(m_currentFrame, objectId, {framePos}, {positive ? 1 : 0}, false);
  refreshOverlay();
  refreshTimeline(objectId);
  recordPromptEdit(positive ? tr("Positive point") : tr("Negative point"), objectId, before);
}

void MainWindow::onFrameViewBoxDrawn(QRectF box) {
  if (m_media.frameCount <= 0 || m_propagating || !m_modelReady) return;
  if (!checkPromptInsideFrame(box.topLeft()) || !checkPromptInsideFrame(box.bottomRight())) return;
  const int objectId = ensureActiveObject();
  const project::FramePrompts before = m_project.promptsAt(m_currentFrame, objectId);
  auto& prompts = m_project.promptsAt(m_currentFrame, objectId);
  prompts.points.clear();  // a box replaces the frame's earlier prompts (reference rule)
  prompts.box = std::array<double, 4>{box.left(), box.top(), box.right(), box.bottom()};
  m_controller->addBox(m_currentFrame, objectId, box);
  refreshOverlay();
  refreshTimeline(objectId);
  recordPromptEdit(tr("Box"), objectId, before);
}

void MainWindow::onObjectPanelAddObjectRequested() {
  const int objectId = m_project.addObject();
  m_objectPanel->addObject(objectId,
                           QString::fromStdString(m_project.annotation.objects.back().name));
  m_objectPanel->setActiveObject(objectId);
  refreshTimeline(objectId);
}

void MainWindow::onObjectPanelRemoveObjectRequested(int objectId) {
  if (m_propagating) return;
  m_project.removeObject(objectId);
  m_objectPanel->removeObject(objectId);
  m_timeline->removeObject(objectId);
  m_controller->removeObject(objectId);
  refreshOverlay();
  scheduleAutosave();
}

void MainWindow::startPropagation(bool reverse, bool full) {
  if (m_propagating || !m_modelReady || m_project.prompts.empty()) {
    if (m_project.prompts.empty()) statusBar()->showMessage(tr("Click an object first."));
    return;
  }
  m_propagating = true;
  m_cancelAction->setEnabled(true);
  m_progress->setRange(0, 0);
  m_progress->setVisible(true);
  statusBar()->showMessage(reverse ? tr("Tracking backward... (Esc cancels)")
                                   : tr("Tracking forward... (Esc cancels)"));
  m_controller->propagate(m_currentFrame, reverse, full);
}

void MainWindow::onControllerProgress(int done, int total) {
  m_progress->setRange(0, std::max(1, total));
  m_progress->setValue(done);
}

void MainWindow::onControllerPropagationFinished(int framesDone, bool cancelled) {
  m_propagating = false;
  m_cancelAction->setEnabled(false);
  m_progress->setVisible(false);
  statusBar()->showMessage(
      cancelled ? tr("Cancelled after %1 frames; those frames are kept.").arg(framesDone)
                : tr("Tracked %1 frames.").arg(framesDone));
  autosave();
}

void MainWindow::onControllerFailed(const QString& message) {
  statusBar()->showMessage(message);
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Masklet"), message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();  // not exec(): the event loop (and the worker results) keep flowing
}

void MainWindow::exportAs(const QString& format) {
  if (m_project.annotation.objects.empty()) {
    statusBar()->showMessage(tr("Nothing to export yet."));
    return;
  }
  const bool folder = format == "sa1b" || format == "png";
  const QString suggested = QString::fromStdString(m_project.annotation.video.name) +
                            (folder ? "_" + format : "_" + format + ".json");
  const QString path =
      folder ? QFileDialog::getSaveFileName(this, tr("Export to folder"), suggested)
             : QFileDialog::getSaveFileName(this, tr("Export"), suggested, tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  statusBar()->showMessage(tr("Exporting %1...").arg(QFileInfo(path).fileName()));
  runExportJob(this, m_project.toExport(), path, format,
               [this](const QString& message) { statusBar()->showMessage(message); });
}

void MainWindow::saveProjectAs() {
  const QString path = QFileDialog::getSaveFileName(
      this, tr("Save project"),
      QString::fromStdString(m_project.annotation.video.name) + ".masklet",
      tr("Masklet project (*.masklet)"));
  if (path.isEmpty()) return;
  try {
    project::saveProject(m_project, path.toStdString());
    m_projectPath = path;
    statusBar()->showMessage(tr("Saved %1").arg(path));
  } catch (const std::exception& error) {
    onControllerFailed(tr("Could not save the project: %1").arg(error.what()));
  }
}

QString MainWindow::autosavePath() const {
  const QString stem = QString::fromStdString(m_project.annotation.video.name);
  return QString::fromStdString(userDataDir()) + "/autosave/" + stem + ".masklet";
}

void MainWindow::scheduleAutosave() {
  if (!m_project.annotation.objects.empty()) m_autosaveTimer->start();
}

void MainWindow::autosave() {
  if (m_project.annotation.objects.empty() || m_project.annotation.video.width <= 0) return;
  try {
    QDir().mkpath(QFileInfo(autosavePath()).path());
    project::saveProject(m_project, autosavePath().toStdString());
  } catch (const std::exception& error) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(error.what()));
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  m_controller->cancelPropagation();
  autosave();
  event->accept();
}

void MainWindow::onOpenActionTriggered() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Video"), QString(),
      tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v);;All files (*)"));
  if (!path.isEmpty()) openMedia(path);
}

void MainWindow::onLoadModelActionTriggered() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Load SAM 2 checkpoint"),
                                                    QString::fromStdString(userModelDir()),
                                                    tr("SAM 2 checkpoints (*.pt);;All files (*)"));
  if (!path.isEmpty()) loadModel(path);
}

void MainWindow::onAboutActionTriggered() {
  QMessageBox::about(this, tr("About Masklet"),
                     tr("<b>Masklet</b> %1<br>Video object annotation with SAM 2, native C++."
                        "<br>SAM 2 © Meta Platforms, Inc., Apache-2.0.")
                         .arg(QApplication::applicationVersion()));
}

}  // namespace masklet::ui
