#pragma once
// Review assist for the active object: keeps the review signals in step with the Document (one
// changed frame costs one frame's update), holds the review list (doubtful frames not yet
// checked, in order) and steps through it. Marking a frame checked is a Document command, so
// it is undoable and saved with the project; the list follows undo and redo by itself.
// The owner connects frameRequested to its frame navigation and calls setCurrentFrame when the
// user moves; the timeline reads reviewSignals() for its confidence strips. GUI thread.
#include <QObject>
#include <optional>
#include <vector>

#include "project/review_signals.h"

namespace masklet::ui {

class ReviewNavigator : public QObject {
  Q_OBJECT

 public:
  // `document` must outlive the navigator.
  explicit ReviewNavigator(project::Document& document, QObject* parent = nullptr);
  ~ReviewNavigator() override;

  const project::ReviewSignals& reviewSignals() const { return m_signals; }
  const project::ReviewThresholds& thresholds() const { return m_thresholds; }
  void setThresholds(const project::ReviewThresholds& thresholds);

  int activeObject() const { return m_object; }  // 0: none
  void setActiveObject(int objectId);
  int currentFrame() const { return m_frame; }
  // Where the user is (the next / previous doubtful frame is counted from here).
  void setCurrentFrame(int frame);

  // The active object's frames to review, ascending.
  std::vector<int> reviewList() const;
  std::optional<int> nextFrame() const;
  std::optional<int> previousFrame() const;
  // Moves to the next / previous frame to review and emits frameRequested; false at the end.
  bool goNext();
  bool goPrevious();
  // Marks the current frame of the active object checked (one undo step) and, in review mode,
  // goes on to the next frame to review. False when there is nothing to mark there.
  bool markChecked(bool thenNext = true);
  bool unmarkChecked();

 Q_SIGNALS:
  void frameRequested(int frame, int objectId);
  // The signals or the review list changed (a document change, thresholds, active object).
  void reviewChanged();

 private:
  void onDocumentChange(const project::DocumentChange& change);
  bool go(const std::optional<int>& frame);

  project::Document& m_document;
  int m_listener = 0;
  project::ReviewSignals m_signals;
  project::ReviewThresholds m_thresholds;
  int m_object = 0;
  int m_frame = -1;
};

}  // namespace masklet::ui
