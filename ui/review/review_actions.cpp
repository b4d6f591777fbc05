#include "ui/review/review_actions.h"

#include <QAction>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace masklet::ui {

namespace {

QAction* addAction(QMenu* menu, const QString& text, const char* name, const QKeySequence& keys,
                   const QString& tip) {
  QAction* action = menu->addAction(text);
  action->setObjectName(name);
  action->setShortcut(keys);
  action->setToolTip(tip);
  action->setStatusTip(tip);
  return action;
}

}  // namespace

ReviewActions buildReviewMenu(QMainWindow* window) {
  ReviewActions a;
  a.menu = window->menuBar()->addMenu(QObject::tr("&Review"));
  QMenu* menu = a.menu;
  a.nextDoubtful = addAction(menu, QObject::tr("&Next Doubtful Frame"), "nextDoubtfulAction",
                             QKeySequence(Qt::Key_U),
                             QObject::tr("The active object's next frame where the model is "
                                         "unsure and nobody checked it yet (U)"));
  a.previousDoubtful =
      addAction(menu, QObject::tr("&Previous Doubtful Frame"), "previousDoubtfulAction",
                QKeySequence(Qt::SHIFT | Qt::Key_U),
                QObject::tr("The active object's previous frame still to review (Shift+U)"));
  a.markChecked = addAction(
      menu, QObject::tr("Mark Frame &Checked"), "markCheckedAction", QKeySequence(Qt::Key_K),
      QObject::tr("The active object's mask on this frame is right: it leaves the "
                  "review list (undoable); in review mode, on to the next one (K)"));
  a.unmarkChecked = addAction(menu, QObject::tr("&Unmark Frame"), "unmarkCheckedAction",
                              QKeySequence(Qt::SHIFT | Qt::Key_K),
                              QObject::tr("Put this frame back on the review list (Shift+K)"));
  menu->addSeparator();
  a.reviewMode = addAction(menu, QObject::tr("Review &Mode"), "reviewModeAction",
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                           QObject::tr("Frame steps (arrows, Page Up/Down) go through the "
                                       "doubtful frames only; marking one goes on to the next "
                                       "(Ctrl+Shift+R)"));
  a.reviewMode->setCheckable(true);
  menu->addSeparator();
  a.exportSignals =
      addAction(menu, QObject::tr("&Export Signals CSV..."), "exportSignalsAction", QKeySequence(),
                QObject::tr("The active object's score, predicted IoU, area and "
                            "change per frame as a CSV file"));
  a.showEvents = addAction(menu, QObject::tr("Show &Events"), "showEventsAction", QKeySequence(),
                           QObject::tr("The list of moments worth a look: the object disappears "
                                       "or reappears, its area jumps, its shape changes"));
  return a;
}

}  // namespace masklet::ui
