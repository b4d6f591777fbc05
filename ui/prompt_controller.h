#pragma once
// Where user prompts and tracking runs meet the document. A click, a box or a cleared frame
// goes to the tracker first; only what the tracker accepts is recorded in the document, as
// one command (a refused prompt leaves the document as it was and is reported in one line).
// A propagation run is one command. Undo and redo come back here as document changes and are
// replayed into the tracker, so it always works from the document's prompts. GUI thread only.
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <map>

#include "ui/document_model.h"
#include "ui/worker_types.h"

namespace masklet::ui {

class SessionController;

class PromptController : public QObject {
  Q_OBJECT

 public:
  PromptController(DocumentModel* model, SessionController* controller, QObject* parent = nullptr);

  // objectId 0: a new object (recorded with the prompt once the tracker accepts it). Returns
  // the object id the prompt is for, or 0 when it was refused here (reason in message()).
  int addPoint(int frame, int objectId, QPointF point, bool positive);
  int addBox(int frame, int objectId, QRectF box);
  void clearPrompts(int frame, int objectId);
  void removeObject(int objectId);
  // full: track every frame even when "re-track until converged" is on.
  bool startPropagation(int startFrame, bool reverse, bool full = false);
  // A new video is being opened: the tracker session starts over.
  void videoChanged();

  bool isPropagating() const { return m_propagating; }
  bool hasPendingPrompts() const { return !m_pending.empty(); }

 Q_SIGNALS:
  void message(const QString& text);  // status-bar line
  void refused(const QString& text);  // worth a dialog: the tracker said no
  void objectCreated(int objectId);
  void propagationStarted(bool reverse);
  void propagationEnded(int framesDone, bool cancelled);

 private:
  enum class Purpose { Input, Clear, Sync };
  struct Pending {
    Purpose purpose = Purpose::Sync;
    QString text;  // the command's name
    bool newObject = false;
  };

  int sendInput(const QString& text, int frame, int objectId, const project::PromptInput& input);
  bool insideFrame(QPointF point);
  void syncTracker(const project::DocumentChange& change);
  void onPromptApplied(const PromptOutcome& outcome);
  void onPromptRefused(int requestId, const QString& text);
  void onFramesTracked(const tracker::DocumentFrame& frame);
  void onPropagationFinished(int framesDone, bool cancelled);
  void onSessionReady();

  DocumentModel* m_model;
  SessionController* m_controller;
  std::map<int, Pending> m_pending;  // request id -> what to do with the answer
  // Prompts sent but not answered yet, so the next click builds on them.
  std::map<project::FrameObjectKey, project::FramePrompts> m_inFlight;
  int m_nextRequest = 1;
  int m_reservedId = 0;  // an id handed to the tracker for an object not yet in the document
  bool m_propagating = false;
  bool m_sessionReady = false;
  bool m_recording = false;  // true while the document records a tracker result
};

}  // namespace masklet::ui
