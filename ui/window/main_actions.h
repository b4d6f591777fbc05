#pragma once
// The main window's menus, toolbar and shortcuts, built in one place; MainWindow connects
// them to the controllers. GUI thread only.
#include <QList>
#include <QPair>
#include <QString>

#include "ui/review/review_actions.h"

class QAction;
class QMainWindow;
class QMenu;

namespace masklet::ui {

struct MainActions {
  QAction* open = nullptr;
  QAction* openImages = nullptr;  // File ▸ Open Image Folder... (image mode)
  QAction* openProject = nullptr;
  QMenu* recentMenu = nullptr;  // File ▸ Open Recent, filled by RecentFiles
  QAction* save = nullptr;
  QAction* saveAs = nullptr;
  QAction* recoverAutosave = nullptr;
  QAction* loadModel = nullptr;
  QAction* chooseModel = nullptr;           // Model ▸ Choose Model (Ctrl+M)
  QAction* settings = nullptr;              // Edit ▸ Settings (Ctrl+,)
  QAction* exportDialog = nullptr;          // File ▸ Export... (the dialog)
  QList<QPair<QAction*, QString>> exports;  // action, format name (the dialog, preselected)
  QAction* importMasks = nullptr;
  QAction* importPrompts = nullptr;
  QAction* quit = nullptr;
  QAction* undo = nullptr;
  QAction* redo = nullptr;
  QAction* pointsTool = nullptr;
  QAction* boxTool = nullptr;
  QAction* brushTool = nullptr;
  QAction* eraserTool = nullptr;
  QAction* brushSmaller = nullptr;  // [
  QAction* brushLarger = nullptr;   // ]
  QAction* acceptFrame = nullptr;
  QMenu* viewMenu = nullptr;  // filled by ViewMenu
  QAction* newObject = nullptr;
  QAction* trackForward = nullptr;
  QAction* trackBackward = nullptr;
  QAction* trackBoth = nullptr;  // forward then backward from the current frame (G)
  QAction* cancel = nullptr;
  QAction* clearPrompts = nullptr;
  QList<QPair<QAction*, int>> frameSteps;  // action, frames to move (±1, ±10)
  QList<QAction*> pickCandidates;          // 1, 2, 3: that candidate of the last click
  QAction* firstFrame = nullptr;
  QAction* lastFrame = nullptr;
  // Playback menu.
  QAction* playPause = nullptr;       // Space
  QAction* followTracking = nullptr;  // checkable, on: the view shows the newest tracked frame
  QAction* fitTimeline = nullptr;
  // The Review menu (review assist).
  ReviewActions review;
  QAction* shortcutHelp = nullptr;  // F1: every shortcut and mouse gesture
  QAction* about = nullptr;
};

// Adds the File, Edit and Help menus, the tools toolbar and the navigation shortcuts.
MainActions buildMainActions(QMainWindow* window);

}  // namespace masklet::ui
