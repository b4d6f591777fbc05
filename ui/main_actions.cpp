#include "ui/main_actions.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenuBar>
#include <QToolBar>

namespace masklet::ui {

namespace {

QAction* shortcutAction(QMainWindow* window, const QKeySequence& keys) {
  auto* action = new QAction(window);
  action->setShortcut(keys);
  window->addAction(action);
  return action;
}

void buildFileMenu(QMainWindow* window, MainActions& a) {
  QMenu* file = window->menuBar()->addMenu(QObject::tr("&File"));
  a.open = file->addAction(QObject::tr("&Open Video..."));
  a.open->setShortcut(QKeySequence::Open);
  a.openProject = file->addAction(QObject::tr("Open &Project..."));
  a.recoverAutosave = file->addAction(QObject::tr("&Recover Autosave"));
  a.save = file->addAction(QObject::tr("&Save Project"));
  a.save->setShortcut(QKeySequence::Save);
  a.saveAs = file->addAction(QObject::tr("Save Project &As..."));
  a.saveAs->setShortcut(QKeySequence::SaveAs);
  a.loadModel = file->addAction(QObject::tr("Load &Model..."));
  QMenu* exportMenu = file->addMenu(QObject::tr("&Export"));
  const QList<QPair<QString, QString>> formats{{QObject::tr("COCO JSON (RLE)..."), "coco"},
                                               {QObject::tr("SA-V JSON..."), "sav"},
                                               {QObject::tr("SA-1B folder..."), "sa1b"},
                                               {QObject::tr("PNG masks folder..."), "png"}};
  for (const auto& [label, format] : formats)
    a.exports.append({exportMenu->addAction(label), format});
  QMenu* importMenu = file->addMenu(QObject::tr("&Import"));
  a.importMasks = importMenu->addAction(QObject::tr("Annotations as final masks..."));
  a.importPrompts = importMenu->addAction(QObject::tr("Annotations as prompts to refine..."));
  file->addSeparator();
  a.quit = file->addAction(QObject::tr("&Quit"));
  a.quit->setShortcut(QKeySequence::Quit);
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
  for (QAction* action : {a.pointsTool, a.boxTool}) {
    action->setCheckable(true);
    toolGroup->addAction(action);
  }
  a.pointsTool->setChecked(true);
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
  a.cancel = tools->addAction(QObject::tr("Cancel"));
  a.cancel->setShortcut(Qt::Key_Escape);
  a.cancel->setEnabled(false);
  a.clearPrompts = tools->addAction(QObject::tr("Clear prompts"));
  a.clearPrompts->setToolTip(QObject::tr("Remove the active object's prompts on this frame (C)"));
  a.clearPrompts->setShortcut(Qt::Key_C);
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
  buildToolBar(window, a);
  // Frame navigation: arrows step, Shift+arrows jump 10, Home/End.
  const QList<QPair<QKeySequence, int>> steps{{QKeySequence(Qt::Key_Right), 1},
                                              {QKeySequence(Qt::Key_Left), -1},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Right), 10},
                                              {QKeySequence(Qt::SHIFT | Qt::Key_Left), -10}};
  for (const auto& [keys, delta] : steps)
    a.frameSteps.append({shortcutAction(window, keys), delta});
  a.firstFrame = shortcutAction(window, QKeySequence(Qt::Key_Home));
  a.lastFrame = shortcutAction(window, QKeySequence(Qt::Key_End));
  QMenu* help = window->menuBar()->addMenu(QObject::tr("&Help"));
  a.about = help->addAction(QObject::tr("&About Masklet"));
  return a;
}

}  // namespace masklet::ui
