#pragma once
// Where user prompts and tracking runs meet the document. A click, a box or a cleared frame
// goes to the tracker first; only what the tracker accepts is recorded in the document, as
// one command (a refused prompt leaves the document as it was and is reported in one line).
// A propagation run is one command. The answers are recorded by tracker::ResultRecorder (the
// same rules as `masklet-cli track`); undo and redo, and any other change the recorder did not
// make, come back here and are replayed into the tracker, so it always works from the
// document's prompts. GUI thread only.
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <map>
#include <optional>

#include "tracker/result_recorder.h"
#include "ui/objects/document_model.h"
#include "ui/workers/worker_types.h"

namespace masklet::ui {

class TrackerWorker;

class PromptController : public QObject {
  Q_OBJECT

 public:
  PromptController(DocumentModel* model, TrackerWorker* tracker, QObject* parent = nullptr);

  // objectId 0: a new object (recorded with the prompt once the tracker accepts it). Returns
  // the object id the prompt is for, or 0 when it was refused here (reason in message()).
  int addPoint(int frame, int objectId, QPointF point, bool positive);
  int addBox(int frame, int objectId, QRectF box);
  // A painted mask (brush or eraser stroke; video size) as the object's mask prompt on the
  // frame: it replaces the frame's points there, as SAM 2's add_new_mask does.
  int addMask(int frame, int objectId, const dataset::Rle& mask, bool erased);
  // The object's mask on the frame becomes final (MaskSource::Edited) and later tracking runs
  // keep it as is; the tracker gets it as the frame's mask prompt, so its memory is
  // conditioned on it. After a stroke the painted mask is the one kept, pixel for pixel.
  void acceptFrame(int frame, int objectId);
  // Candidate `index` of the last multimask click (candidatesOffered) becomes the frame's
  // prompt: a mask input, so it replays exactly and is undoable. False when there is none.
  bool pickCandidate(int index);
  // Each mask (frame size) becomes a new object with that mask as its prompt on `frame`, all
  // of them one undo step named `text` (segment everything's kept masks). The masks are
  // recorded as given; the tracker then rebuilds from the document's prompts. Returns the new
  // ids (empty when refused: tracking or a prompt is running, or a mask has another size).
  std::vector<int> addMaskObjects(int frame, const std::vector<dataset::Rle>& masks,
                                  const QString& text);
  void clearPrompts(int frame, int objectId);
  void removeObject(int objectId);
  // full: track every frame even when "re-track until converged" is on.
  bool startPropagation(int startFrame, bool reverse, bool full = false);
  // Forward from startFrame to the end, then backward from it to the start: one undo step.
  // Cancelling the forward part skips the backward one.
  bool startPropagationBothWays(int startFrame, bool full = false);
  // A new video is being opened: the tracker session starts over.
  void videoChanged();

  bool isPropagating() const { return m_propagating; }
  bool hasPendingPrompts() const { return !m_pending.empty(); }

 Q_SIGNALS:
  void message(const QString& text);  // status-bar line
  void refused(const QString& text);  // worth a dialog: the tracker said no
  void objectCreated(int objectId);
  // After a click was recorded: the masks SAM 2 chose from (empty: none to pick from).
  void candidatesOffered(int frame, int objectId,
                         const std::vector<masklet::tracker::CandidateMask>& candidates);
  // A pick was recorded as the frame's prompt.
  void candidatePicked(int frame, int objectId, int index);
  void propagationStarted(bool reverse);  // each part of a both-ways run starts again
  void propagationEnded(int framesDone, bool cancelled);

 private:
  enum class Purpose { Input, Clear, Sync };
  struct Pending {
    Purpose purpose = Purpose::Sync;
    QString text;  // the command's name
    bool newObject = false;
    std::optional<project::ObjectMask> accepted;  // recorded (Edited) once applied
    int pick = -1;                                // the candidate this input picks
  };
  struct Offer {
    int frame = -1;
    int objectId = 0;
    std::vector<tracker::CandidateMask> candidates;
  };

  int sendInput(const QString& text, int frame, int objectId, const project::PromptInput& input,
                const std::optional<project::ObjectMask>& accepted = std::nullopt);
  bool insideFrame(int frame, QPointF point);
  static QString acceptedText(int frame, int objectId);
  void syncTracker(const project::DocumentChange& change);
  void onPromptApplied(const PromptOutcome& outcome);
  void onPromptRefused(int requestId, const QString& text);
  void onFramesTracked(const tracker::DocumentFrame& frame);
  void onPropagationFinished(int framesDone, bool cancelled);
  // Checks a run may start and opens its undo group.
  bool beginRun(const QString& text);
  void onSessionReady();

  DocumentModel* m_model;
  TrackerWorker* m_tracker;
  tracker::ResultRecorder m_recorder;  // records the tracker's answers in the document
  std::map<int, Pending> m_pending;    // request id -> what to do with the answer
  // Prompts sent but not answered yet, so the next click builds on them.
  std::map<project::FrameObjectKey, project::FramePrompts> m_inFlight;
  int m_nextRequest = 1;
  int m_reservedId = 0;  // an id handed to the tracker for an object not yet in the document
  bool m_propagating = false;
  struct BackwardLeg {
    int startFrame = 0;
    bool full = false;
  };
  std::optional<BackwardLeg> m_backwardLeg;  // of a both-ways run, while its forward part runs
  int m_framesInEarlierLegs = 0;
  Offer m_offer;  // the candidates of the last click, until that frame's prompts change
  bool m_sessionReady = false;
};

}  // namespace masklet::ui
