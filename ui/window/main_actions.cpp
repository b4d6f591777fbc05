#include "ui/window/main_actions.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenuBar>
#include <QToolBar>

namespace masklet::ui {

namespace {

// A shortcut without a menu entry; `text` is what the F1 shortcut list shows for it.
QAction* shortcutAction(QMainWindow* window, const QKeySequence& keys, const QString& text = {}) {
  auto* action = new QAction(text, window);
  action->setShortcut(keys);
  window->addAction(action);
  return action;
}

void buildFileMenu(QMainWindow* window, MainActions& a) {
  QMenu* file = window->menuBar()->addMenu(QObject::tr("&File"));
  a.open = file->addAction(QObject::tr("&Open Video..."));
  a.open->setShortcut(QKeySequence::Open);
  a.openImages = file->addAction(QObject::tr("Open &Image Folder..."));
  a.openImages->setToolTip(
      QObject::tr("Image mode: annotate each image of a folder on its own (Ctrl+Shift+I)"));
  a.openImages->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
  a.openProject = file->addAction(QObject::tr("Open &Project..."));
  a.openProject->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  a.recentMenu = file->addMenu(QObject::tr("Open &Recent"));
  a.recoverAutosave = file->addAction(QObject::tr("&Recover Autosave"));
  a.save = file->addAction(QObject::tr("&Save Project"));
  a.save->setShortcut(QKeySequence::Save);
  a.saveAs = file->addAction(QObject::tr("Save Project &As..."));
  a.saveAs->setShortcut(QKeySequence::SaveAs);
  a.loadModel = file->addAction(QObject::tr("Load &Model..."));
  a.exportDialog = file->addAction(QObject::tr("&Export..."));
  a.exportDialog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  QMenu* exportMenu = file->addMenu(QObject::tr("Export &As"));
  const QList<QPair<QString, QString>> formats{{QObject::tr("COCO JSON (RLE)..."), "coco"},
                                               {QObject::tr("SA-V JSON..."), "sav"},
                                               {QObject::tr("SA-1B folder..."), "sa1b"},
                                               {QObject::tr("PNG masks folder..."), "png"}};
  for (const auto& [label, format] : formats)
    a.exports.append({exportMenu->addAction(label), format});
  QMenu* importMenu = file->addMenu(QObject::tr("&Import"));
  a.importMasks = importMenu->addAction(QObject::tr("Annotations as final masks..."));
  a.importMasks->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  a.importPrompts = importMenu->addAction(QObject::tr("Annotations as prompts to refine..."));
  file->addSeparator();
  a.quit = file->addAction(QObject::tr("&Quit"));
  a.quit->setShortcut(
      QKeySequence(Qt::CTRL | Qt::Key_Q));  // QKeySequence::Quit is empty on some platforms
}

void buildToolBar(QMainWindow* window, MainActions& a) {
  QToolBar* tools = window->addToolBar(QObject::tr("Tools"));
  tools->setObjectName("toolsBar");
  auto* toolGroup = new QActionGroup(window);
  a.pointsTool = tools->addAction(QObject::tr("Points"));
  a.pointsTool->setToolTip(QObject::tr("Click: positive point, right click: negative point (P)"));
  a.pointsTool->setShortcut(Qt::Key_P);
  a.boxTool = tools->addAction(QObject::tr("Box"));
  a.boxTool->setToolTip(QObject::tr("Drag a box around the object (X)"));
  a.boxTool->setShortcut(Qt::Key_X);
  a.brushTool = tools->addAction(QObject::tr("Brush"));
  a.brushTool->setToolTip(
      QObject::tr("Paint onto the active object's mask; right drag erases; [ ] size (D)"));
  a.brushTool->setShortcut(Qt::Key_D);
  a.eraserTool = tools->addAction(QObject::tr("Eraser"));
  a.eraserTool->setToolTip(
      QObject::tr("Erase from the active object's mask; right drag paints; [ ] size (E)"));
  a.eraserTool->setShortcut(Qt::Key_E);
  for (QAction* action : {a.pointsTool, a.boxTool, a.brushTool, a.eraserTool}) {
    action->setCheckable(true);
    toolGroup->addAction(action);
  }
  a.pointsTool->setChecked(true);
  a.brushSmaller =
      shortcutAction(window, QKeySequence(Qt::Key_BracketLeft), QObject::tr("Smaller brush"));
  a.brushLarger =
      shortcutAction(window, QKeySequence(Qt::Key_BracketRight), QObject::tr("Larger brush"));
  a.acceptFrame = tools->addAction(QObject::tr("Accept frame"));
  a.acceptFrame->setToolTip(QObject::tr(
      "The active object's mask on this frame is final: tracking runs keep it as is (A)"));
  a.acceptFrame->setShortcut(Qt::Key_A);
  tools->addSeparator();
  a.newObject = tools->addAction(QObject::tr("New object"));
  a.newObject->setShortcut(Qt::Key_N);
  a.trackForward = tools->addAction(QObject::tr("Track forward"));
  a.trackForward->setShortcut(Qt::Key_F);
  a.trackForward->setToolTip(QObject::tr("Propagate every object from this frame to the end (F)"));
  a.trackBackward = tools->addAction(QObject::tr("Track backward"));
  a.trackBackward->setShortcut(Qt::Key_B);
  a.trackBackward->setToolTip(
      QObject::tr("Propagate every object from this frame to the start (B)"));
  a.trackBoth = tools->addAction(QObject::tr("Track both ways"));
  a.trackBoth->setShortcut(Qt::Key_G);
  a.trackBoth->setToolTip(QObject::tr(
      "Propagate every object from this frame to the end, then back to the start; one undo "
      "step (G)"));
  a.cancel = tools->addAction(QObject::tr("Cancel"));
  a.cancel->setShortcut(Qt::Key_Escape);
  a.cancel->setEnabled(false);
  a.clearPrompts = tools->addAction(QObject::tr("Clear prompts"));
  a.clearPrompts->setToolTip(QObject::tr("Remove the active object's prompts on this frame (C)"));
  a.clearPrompts->setShortcut(Qt::Key_C);
}

void buildPlaybackMenu(QMainWindow* window, MainActions& a) {
  QMenu* playback = window->menuBar()->addMenu(QObject::tr("&Playback"));
  a.playPause = playback->addAction(QObject::tr("&Play"));
  a.playPause->setShortcut(Qt::Key_Space);
  a.playPause->setToolTip(QObject::tr("Play the video at its frame rate with the masks (Space)"));
  a.followTracking = playback->addAction(QObject::tr("&Follow Tracking"));
  a.followTracking->setCheckable(true);
  a.followTracking->setChecked(true);
  a.followTracking->setToolTip(QObject::tr("While tracking, show the newest tracked frame"));
  a.fitTimeline = playback->addAction(QObject::tr("Fit &Timeline"));
  a.fitTimeline->setToolTip(QObject::tr("Show the whole video on the timeline"));
}

}  // namespace

MainActions buildMainActions(QMainWindow* window) {
  MainActions a;
  buildFileMenu(window, a);
  QMenu* edit = window->menuBar()->addMenu(QObject::tr("&Edit"));
  a.undo = edit->addAction(QObject::tr("&Undo"));
  a.undo->setShortcut(QKeySequence::Undo);
  a.redo = edit->addAction(QObject::tr("&Redo"));
  a.redo->setShortcut(QKeySequence::Redo);
  a.undo->setEnabled(false);
  a.redo->setEnabled(false);
  edit->addSeparator();
  a.settings = edit->addAction(QObject::tr("&Settings..."));
  a.settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
  a.settings->setMenuRole(QAction::PreferencesRole);
  a.viewMenu = window->menuBar()->addMenu(QObject::tr("&View"));
  buildPlaybackMenu(window, a);
  QMenu* modelMenu = window->menuBar()->addMenu(QObject::tr("&Model"));
  a.chooseModel = modelMenu->addAction(QObject::tr("&Choose Model..."));
  a.chooseModel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  a.chooseModel->setToolTip(QObject::tr("The checkpoints found, with their model and size"));
  buildToolBar(window, a);
  // Frame navigation: arrows step, Shift+arrows jump 10, Home/End.
  const QList<QPair<QKeySequence, int>> steps{{QKeySequence(Qt::Key_Right), 1},
                                              {QKeySequence(Qt::Key_Left), -1},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Right), 10},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Left), -10}};
  // Next / previous image in image mode (one frame in a video).
  a.frameSteps.append(
      {shortcutAction(window, QKeySequence(Qt::Key_PageDown), QObject::tr("Next image (frame)")),
       1});
  a.frameSteps.append(
      {shortcutAction(window, QKeySequence(Qt::Key_PageUp), QObject::tr("Previous image (frame)")),
       -1});
  for (int k = 1; k <= 3; ++k)
    a.pickCandidates.append(
        shortcutAction(window, QKeySequence(Qt::Key_0 + k),
                       QObject::tr("Use candidate mask %1 of the last click").arg(k)));
  for (const auto& [keys, delta] : steps)
    a.frameSteps.append(
        {shortcutAction(window, keys,
                        delta > 0 ? QObject::tr("%1 frames forward", "", delta).arg(delta)
                                  : QObject::tr("%1 frames back", "", -delta).arg(-delta)),
         delta});
  a.firstFrame = shortcutAction(window, QKeySequence(Qt::Key_Home), QObject::tr("First frame"));
  a.lastFrame = shortcutAction(window, QKeySequence(Qt::Key_End), QObject::tr("Last frame"));
  a.review = buildReviewMenu(window);
  QMenu* help = window->menuBar()->addMenu(QObject::tr("&Help"));
  a.shortcutHelp = help->addAction(QObject::tr("&Keyboard and Mouse..."));
  a.shortcutHelp->setShortcut(QKeySequence::HelpContents);
  a.about = help->addAction(QObject::tr("&About Masklet"));
  return a;
}

}  // namespace masklet::ui
