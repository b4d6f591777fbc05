#pragma once
// The Review menu (review assist): step through the active object's doubtful frames, mark them
// checked, the review mode, the signals CSV and the events panel. Built with the other menus
// (buildMainActions); the ReviewController connects them. GUI thread only.

class QAction;
class QMainWindow;
class QMenu;

namespace masklet::ui {

struct ReviewActions {
  QMenu* menu = nullptr;
  QAction* nextDoubtful = nullptr;      // U
  QAction* previousDoubtful = nullptr;  // Shift+U
  QAction* markChecked = nullptr;       // K; in review mode then the next doubtful frame
  QAction* unmarkChecked = nullptr;     // Shift+K
  QAction* reviewMode = nullptr;        // Ctrl+Shift+R, checkable
  QAction* exportSignals = nullptr;     // the active object's signals as CSV
  QAction* showEvents = nullptr;        // raises the Events dock
};

// Adds the Review menu to the window's menu bar.
ReviewActions buildReviewMenu(QMainWindow* window);

}  // namespace masklet::ui
