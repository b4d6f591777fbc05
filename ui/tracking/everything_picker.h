#pragma once
// "Segment everything" in the GUI: Tracking ▸ Segment Everything
// (Ctrl+Shift+E) runs SAM 2's automatic mask generator on the current frame on the tracker
// thread, with a progress dialog whose Cancel stops it between point batches. The masks found
// are drawn as outlines over the frame view; a click on an outline selects it (again:
// deselects), and a small panel keeps the selected ones, all of them, or those of at least a
// minimum area. Each kept mask becomes a new object with that mask as its prompt on the frame,
// all in one undo step (PromptController::addMaskObjects). The outlines go when the view moves
// to another frame or the video changes. GUI thread only.
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <set>
#include <vector>

#include "tracker/amg_options.h"
#include "ui/workers/everything_types.h"

class QAction;
class QMenu;
class QProgressDialog;
class QLabel;
class QSpinBox;
class QWidget;

namespace masklet::ui {

class FrameView;
class PromptController;
class SessionController;
class EverythingOutlines;

class EverythingPicker : public QObject {
  Q_OBJECT

 public:
  // The action joins `menu`; the outlines and the panel float over `view`.
  EverythingPicker(QMenu* menu, FrameView* view, PromptController* prompts,
                   SessionController* controller, QObject* parent = nullptr);

  QAction* action() const { return m_action; }
  // The generator's options (default: the official ones).
  void setOptions(const tracker::AmgOptions& options) { m_options = options; }
  const tracker::AmgOptions& options() const { return m_options; }
  // The frame the view shows now; outlines of another frame go.
  void setCurrentFrame(int frame);

  // Starts a run on the current frame; false when one is running or there is no frame.
  bool start();
  bool isRunning() const { return m_running; }
  // The masks shown (empty: none), the frame they belong to, the selected indices.
  const std::vector<FoundMask>& found() const { return m_found; }
  int foundFrame() const { return m_foundFrame; }
  const std::set<int>& selected() const { return m_selected; }
  // Selects or deselects the smallest mask under a frame pixel; false when none is there.
  bool toggleAt(QPointF framePos);
  // Keep: new objects from the selected / all / masks of at least `minArea` pixels. Returns
  // how many objects were made (then the outlines go).
  int keepSelected();
  int keepAll();
  int keepAtLeast(int64_t minArea);
  void dismiss();  // hides the outlines, keeps nothing

 Q_SIGNALS:
  void message(const QString& text);  // status-bar line
  void shown(int maskCount);          // a run's outlines are on the view
  void finished(bool cancelled);      // a run ended (shown follows when it found masks)

 private:
  void onProgress(int done, int total);
  void onFinished(const EverythingResult& result);
  int keep(const std::vector<int>& indices);
  void refresh();  // outlines and panel text after a change of selection

  QAction* m_action;
  FrameView* m_view;
  PromptController* m_prompts;
  SessionController* m_controller;
  tracker::AmgOptions m_options;
  int m_currentFrame = -1;
  bool m_running = false;
  QPointer<QProgressDialog> m_progress;
  std::vector<FoundMask> m_found;
  int m_foundFrame = -1;
  std::set<int> m_selected;
  EverythingOutlines* m_outlines;
  QWidget* m_panel;
  QLabel* m_label;
  QSpinBox* m_minArea;
};

}  // namespace masklet::ui
