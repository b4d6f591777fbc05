#pragma once
// Review assist in the main window: owns the ReviewNavigator (the active object's review list),
// the Events dock and the review-mode status label, connects the Review menu, keeps the
// timeline's confidence strips current and writes the signals CSV. The window tells it where
// the user is (setActiveObject, setCurrentFrame) and answers frameRequested by making the
// object active and seeking there. GUI thread only.
#include <QObject>
#include <QPointer>
#include <QString>

#include "project/review_signals.h"
#include "ui/review/review_actions.h"

class QDockWidget;
class QLabel;
class QMainWindow;
class QTimer;

namespace masklet::ui {

class EventsPanel;
class ReviewNavigator;
class Timeline;

class ReviewController : public QObject {
  Q_OBJECT

 public:
  // `document` must outlive the controller; the Events dock is added to `window`'s right side.
  ReviewController(QMainWindow* window, project::Document& document, const ReviewActions& actions,
                   Timeline* timeline);
  // Before the document goes: the navigator stops listening to it.
  ~ReviewController() override;

  ReviewNavigator* navigator() const { return m_navigator; }
  EventsPanel* eventsPanel() const { return m_events; }
  QDockWidget* eventsDock() const { return m_dock; }
  bool reviewMode() const;
  // "Review: 3 of 5 doubtful frames left" (also in the status bar in review mode).
  QString progressText() const;

  void setActiveObject(int objectId);
  void setCurrentFrame(int frame);
  void setThresholds(const project::ReviewThresholds& thresholds);
  // A frame step (arrows, Page Up/Down): in review mode a step of one goes to the next /
  // previous frame to review instead; true when handled so.
  bool stepFrames(int delta);
  // Writes the active object's signals; false (and failed) when that is impossible.
  bool exportSignals(const QString& path);

 Q_SIGNALS:
  // Make `objectId` active (when not 0) and show `frame`.
  void frameRequested(int frame, int objectId);
  void message(const QString& text);
  void failed(const QString& message);

 private:
  void connectActions(const ReviewActions& actions);
  void onReviewChanged();
  void refreshEvents();
  void go(bool forward);
  void markChecked();
  void chooseCsvFile();
  QString objectName(int objectId) const;

  QMainWindow* m_window;
  project::Document& m_document;
  QPointer<Timeline> m_timeline;
  ReviewNavigator* m_navigator;
  EventsPanel* m_events;
  QDockWidget* m_dock;
  QLabel* m_progress;     // status bar, review mode only
  QTimer* m_eventsTimer;  // a tracking run changes every frame: the events list follows calmly
  QAction* m_reviewMode;
};

}  // namespace masklet::ui
