#pragma once
// The main window's menus, toolbar and shortcuts, built in one place; MainWindow connects
// them to the controllers. GUI thread only.
#include <QList>
#include <QPair>
#include <QString>

class QAction;
class QMainWindow;

namespace masklet::ui {

struct MainActions {
  QAction* open = nullptr;
  QAction* openProject = nullptr;
  QAction* save = nullptr;
  QAction* saveAs = nullptr;
  QAction* recoverAutosave = nullptr;
  QAction* loadModel = nullptr;
  QList<QPair<QAction*, QString>> exports;  // action, format name
  QAction* importMasks = nullptr;
  QAction* importPrompts = nullptr;
  QAction* quit = nullptr;
  QAction* undo = nullptr;
  QAction* redo = nullptr;
  QAction* pointsTool = nullptr;
  QAction* boxTool = nullptr;
  QAction* newObject = nullptr;
  QAction* trackForward = nullptr;
  QAction* trackBackward = nullptr;
  QAction* cancel = nullptr;
  QAction* clearPrompts = nullptr;
  QList<QPair<QAction*, int>> frameSteps;  // action, frames to move (±1, ±10)
  QAction* firstFrame = nullptr;
  QAction* lastFrame = nullptr;
  QAction* about = nullptr;
};

// Adds the File, Edit and Help menus, the tools toolbar and the navigation shortcuts.
MainActions buildMainActions(QMainWindow* window);

}  // namespace masklet::ui
