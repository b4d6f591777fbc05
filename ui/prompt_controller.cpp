#include "ui/prompt_controller.h"

#include "ui/session_controller.h"

namespace masklet::ui {

using project::FramePrompts;
using project::PromptInput;

PromptController::PromptController(DocumentModel* model, SessionController* controller,
                                   QObject* parent)
    : QObject(parent), m_model(model), m_controller(controller) {
  connect(m_controller, &SessionController::promptApplied, this,
          &PromptController::onPromptApplied);
  connect(m_controller, &SessionController::promptRefused, this,
          &PromptController::onPromptRefused);
  connect(m_controller, &SessionController::framesTracked, this,
          &PromptController::onFramesTracked);
  connect(m_controller, &SessionController::propagationFinished, this,
          &PromptController::onPropagationFinished);
  connect(m_controller, &SessionController::sessionReady, this, &PromptController::onSessionReady);
  connect(m_model, &DocumentModel::changed, this, &PromptController::syncTracker);
}

bool PromptController::insideFrame(QPointF point) {
  const auto& video = m_model->document().video();
  if (point.x() >= 0 && point.y() >= 0 && point.x() <= video.width && point.y() <= video.height)
    return true;
  Q_EMIT message(
      tr("Prompts must lie inside the frame (%1×%2); ignored.").arg(video.width).arg(video.height));
  return false;
}

int PromptController::addPoint(int frame, int objectId, QPointF point, bool positive) {
  if (!insideFrame(point)) return 0;
  PromptInput input;
  input.points.push_back({point.x(), point.y(), positive ? 1 : 0});
  return sendInput(positive ? tr("Positive point") : tr("Negative point"), frame, objectId, input);
}

int PromptController::addBox(int frame, int objectId, QRectF box) {
  if (!insideFrame(box.topLeft()) || !insideFrame(box.bottomRight())) return 0;
  PromptInput input;
  input.box = project::Box{box.left(), box.top(), box.right(), box.bottom()};
  return sendInput(tr("Box"), frame, objectId, input);
}

int PromptController::sendInput(const QString& text, int frame, int objectId,
                                const PromptInput& input) {
  if (m_propagating) {
    Q_EMIT message(tr("Tracking is running; prompts wait until it is done (Esc cancels)."));
    return 0;
  }
  const auto& document = m_model->document();
  Pending pending{Purpose::Input, text, false};
  if (objectId == 0 || !document.hasObject(objectId)) {
    if (objectId == 0 || objectId < document.nextObjectId()) {
      objectId = std::max(document.nextObjectId(), m_reservedId + 1);
    }
    m_reservedId = std::max(m_reservedId, objectId);
    pending.newObject = true;
  }
  const project::FrameObjectKey key{frame, objectId};
  const auto inFlight = m_inFlight.find(key);
  const FramePrompts before =
      inFlight != m_inFlight.end() ? inFlight->second : document.prompts(frame, objectId);
  m_inFlight[key] = before.with(input);
  const int requestId = m_nextRequest++;
  m_pending.emplace(requestId, pending);
  m_controller->applyInput(requestId, frame, objectId, before, input);
  return objectId;
}

void PromptController::clearPrompts(int frame, int objectId) {
  if (m_propagating || m_model->document().prompts(frame, objectId).empty()) return;
  const int requestId = m_nextRequest++;
  m_pending.emplace(requestId, Pending{Purpose::Clear, tr("Clear prompts"), false});
  m_inFlight[{frame, objectId}] = {};
  m_controller->setPrompts(requestId, frame, objectId, {});
}

void PromptController::removeObject(int objectId) {
  auto& document = m_model->document();
  if (m_propagating || !document.hasObject(objectId)) return;
  m_recording = true;  // the tracker removes it itself, below
  document.removeObject(objectId);
  m_recording = false;
  m_controller->removeObject(objectId);
}

bool PromptController::startPropagation(int startFrame, bool reverse, bool full) {
  auto& document = m_model->document();
  if (m_propagating || !m_pending.empty()) return false;
  if (!document.hasPrompts()) {
    Q_EMIT message(tr("Click an object first."));
    return false;
  }
  m_propagating = true;
  document.beginGroup(reverse ? tr("Track backward").toStdString()
                              : tr("Track forward").toStdString());
  m_controller->propagate(startFrame, reverse, full);
  Q_EMIT propagationStarted(reverse);
  return true;
}

void PromptController::videoChanged() {
  m_sessionReady = false;
  m_pending.clear();
  m_inFlight.clear();
  m_reservedId = 0;
}

void PromptController::onPromptApplied(const PromptOutcome& outcome) {
  const auto found = m_pending.find(outcome.requestId);
  if (found == m_pending.end()) return;  // sent for a video that was closed since
  const Pending pending = found->second;
  m_pending.erase(found);
  if (m_pending.empty()) {  // nothing in flight: the document alone says what was given
    m_inFlight.clear();
    m_reservedId = 0;
  }
  if (pending.purpose == Purpose::Sync) return;  // the document already holds this state
  auto& document = m_model->document();
  m_recording = true;
  document.beginGroup(pending.text.toStdString());
  if (pending.newObject && !document.hasObject(outcome.objectId))
    document.addObject("", 0, outcome.objectId);
  // What the tracker now has: the document's prompts plus this input, in the order accepted.
  const FramePrompts after =
      pending.purpose == Purpose::Clear
          ? FramePrompts{}
          : document.prompts(outcome.frame, outcome.objectId).with(outcome.input);
  document.applyPromptResult(pending.text.toStdString(), outcome.frame, outcome.objectId, after,
                             outcome.result.masks);
  document.endGroup();
  m_recording = false;
  if (pending.newObject) Q_EMIT objectCreated(outcome.objectId);
}

void PromptController::onPromptRefused(int requestId, const QString& text) {
  const auto found = m_pending.find(requestId);
  if (found == m_pending.end()) return;
  m_pending.erase(found);
  if (m_pending.empty()) {  // the tracker dropped a refused new object: its id is free again
    m_inFlight.clear();
    m_reservedId = 0;
  }
  Q_EMIT refused(text);
}

void PromptController::onFramesTracked(const tracker::DocumentFrame& frame) {
  if (!m_propagating) return;
  m_recording = true;
  m_model->document().setMasks(tr("Tracked frame").toStdString(), frame.frame, frame.masks);
  m_recording = false;
}

void PromptController::onPropagationFinished(int framesDone, bool cancelled) {
  if (!m_propagating) return;
  m_propagating = false;
  m_model->document().endGroup();
  Q_EMIT propagationEnded(framesDone, cancelled);
}

void PromptController::onSessionReady() {
  m_sessionReady = true;
  const auto& document = m_model->document();
  // A loaded project (or a new model): the tracker takes the document's prompts again.
  if (document.hasPrompts()) m_controller->rebuild(document.state().prompts);
}

void PromptController::syncTracker(const project::DocumentChange& change) {
  if (m_recording || !m_sessionReady) return;
  const auto& document = m_model->document();
  if (change.needsEngineRebuild()) {
    m_controller->rebuild(document.state().prompts);
    return;
  }
  // Undo / redo of a prompt, an import with prompts: replay just those frames.
  for (const auto& key : change.promptsChanged) {
    const int requestId = m_nextRequest++;
    m_pending.emplace(requestId, Pending{Purpose::Sync, QString(), false});
    m_controller->setPrompts(requestId, key.first, key.second,
                             document.prompts(key.first, key.second));
  }
  for (const int objectId : change.objectsChanged)
    if (!document.hasObject(objectId)) m_controller->removeObject(objectId);
}

}  // namespace masklet::ui
