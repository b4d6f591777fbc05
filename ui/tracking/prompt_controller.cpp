#include "ui/tracking/prompt_controller.h"

#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

using project::FramePrompts;
using project::PromptInput;

PromptController::PromptController(DocumentModel* model, TrackerWorker* tracker, QObject* parent)
    : QObject(parent), m_model(model), m_tracker(tracker), m_recorder(model->document()) {
  connect(m_tracker, &TrackerWorker::promptApplied, this, &PromptController::onPromptApplied);
  connect(m_tracker, &TrackerWorker::promptRefused, this, &PromptController::onPromptRefused);
  connect(m_tracker, &TrackerWorker::framesTracked, this, &PromptController::onFramesTracked);
  connect(m_tracker, &TrackerWorker::propagationFinished, this,
          &PromptController::onPropagationFinished);
  connect(m_tracker, &TrackerWorker::sessionReady, this, &PromptController::onSessionReady);
  connect(m_model, &DocumentModel::changed, this, &PromptController::syncTracker);
}

bool PromptController::insideFrame(int frame, QPointF point) {
  // In image mode each image has its own size.
  const auto [width, height] = m_model->document().video().frameSize(frame);
  if (point.x() >= 0 && point.y() >= 0 && point.x() <= width && point.y() <= height) return true;
  Q_EMIT message(tr("Prompts must lie inside the frame (%1×%2); ignored.").arg(width).arg(height));
  return false;
}

int PromptController::addPoint(int frame, int objectId, QPointF point, bool positive) {
  if (!insideFrame(frame, point)) return 0;
  PromptInput input;
  input.points.push_back({point.x(), point.y(), positive ? 1 : 0});
  return sendInput(positive ? tr("Positive point") : tr("Negative point"), frame, objectId, input);
}

int PromptController::addBox(int frame, int objectId, QRectF box) {
  if (!insideFrame(frame, box.topLeft()) || !insideFrame(frame, box.bottomRight())) return 0;
  PromptInput input;
  input.box = project::Box{box.left(), box.top(), box.right(), box.bottom()};
  return sendInput(tr("Box"), frame, objectId, input);
}

int PromptController::addMask(int frame, int objectId, const dataset::Rle& mask, bool erased) {
  const auto [width, height] = m_model->document().video().frameSize(frame);  // image mode: its own
  if (mask.width != width || mask.height != height) {
    Q_EMIT message(
        tr("A painted mask must have the frame's size (%1×%2); ignored.").arg(width).arg(height));
    return 0;
  }
  if (objectId == 0 && dataset::rleArea(mask) == 0) return 0;  // nothing painted, no object
  PromptInput input;
  input.mask = mask;
  return sendInput(erased ? tr("Erase") : tr("Brush"), frame, objectId, input);
}

void PromptController::acceptFrame(int frame, int objectId) {
  auto& document = m_model->document();
  if (m_propagating) {
    Q_EMIT message(tr("Tracking is running; accept the frame when it is done (Esc cancels)."));
    return;
  }
  if (!document.hasObject(objectId)) {
    Q_EMIT message(tr("Pick an object to accept its mask on this frame."));
    return;
  }
  if (m_inFlight.count({frame, objectId}) != 0) {
    Q_EMIT message(tr("The last prompt is still being computed; accept once its mask shows."));
    return;
  }
  const FramePrompts prompts = document.prompts(frame, objectId);
  const project::ObjectMask* current = document.mask(frame, objectId);
  // After a stroke the frame's prompt is the painted mask: that is what the user drew.
  const bool painted = !prompts.empty() && prompts.inputs.back().mask.has_value();
  if (!painted && current == nullptr) {
    Q_EMIT message(tr("Object %1 has no mask on frame %2 to accept.").arg(objectId).arg(frame));
    return;
  }
  project::ObjectMask accepted;
  accepted.source = project::MaskSource::Edited;
  if (painted) {
    accepted.rle = *prompts.inputs.back().mask;
  } else {
    accepted.rle = current->rle;
    accepted.quality = current->quality;
  }
  if (current != nullptr && *current == accepted) {
    Q_EMIT message(tr("Frame %1 is already accepted for object %2.").arg(frame).arg(objectId));
    return;
  }
  const QString text = tr("Accept frame");
  if (painted) {  // the tracker has this very mask as the frame's prompt already
    m_recorder.recordMask(text.toStdString(), frame, objectId, accepted);
    Q_EMIT message(acceptedText(frame, objectId));
    return;
  }
  PromptInput input;
  input.mask = accepted.rle;
  sendInput(text, frame, objectId, input, accepted);
}

QString PromptController::acceptedText(int frame, int objectId) {
  return tr("Frame %1 accepted for object %2: tracking keeps this mask (Ctrl+Z takes it back).")
      .arg(frame)
      .arg(objectId);
}

int PromptController::sendInput(const QString& text, int frame, int objectId,
                                const PromptInput& input,
                                const std::optional<project::ObjectMask>& accepted) {
  if (m_propagating) {
    Q_EMIT message(tr("Tracking is running; prompts wait until it is done (Esc cancels)."));
    return 0;
  }
  const auto& document = m_model->document();
  Pending pending{Purpose::Input, text, false, accepted};
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
  m_tracker->applyInput(requestId, frame, objectId, before, input);
  return objectId;
}

bool PromptController::pickCandidate(int index) {
  if (index < 0 || index >= int(m_offer.candidates.size())) return false;
  if (m_inFlight.count({m_offer.frame, m_offer.objectId}) != 0) {
    Q_EMIT message(tr("The last prompt is still being computed; pick once its mask shows."));
    return false;
  }
  PromptInput input;
  input.mask = m_offer.candidates[size_t(index)].rle;
  const int requestId = m_nextRequest;
  if (sendInput(tr("Pick candidate %1").arg(index + 1), m_offer.frame, m_offer.objectId, input) ==
      0)
    return false;
  m_pending.at(requestId).pick = index;
  return true;
}

std::vector<int> PromptController::addMaskObjects(int frame, const std::vector<dataset::Rle>& masks,
                                                  const QString& text) {
  auto& document = m_model->document();
  if (m_propagating || !m_pending.empty()) {
    Q_EMIT message(tr("The tracker is busy; keep the masks once it is done."));
    return {};
  }
  const auto [width, height] = document.video().frameSize(frame);
  for (const auto& mask : masks)
    if (mask.width != width || mask.height != height) return {};
  // Recorded directly (not one tracker round trip per mask): one group, then one rebuild.
  const std::vector<int> ids = m_recorder.recordMaskObjects(text.toStdString(), frame, masks);
  if (ids.empty()) return ids;
  if (m_sessionReady) m_tracker->rebuild(document.state().prompts);
  for (const int id : ids) Q_EMIT objectCreated(id);
  return ids;
}

void PromptController::clearPrompts(int frame, int objectId) {
  if (m_propagating || m_model->document().prompts(frame, objectId).empty()) return;
  const int requestId = m_nextRequest++;
  m_pending.emplace(requestId, Pending{Purpose::Clear, tr("Clear prompts"), false, std::nullopt});
  m_inFlight[{frame, objectId}] = {};
  m_tracker->setPrompts(requestId, frame, objectId, {});
}

void PromptController::removeObject(int objectId) {
  auto& document = m_model->document();
  if (m_propagating || !document.hasObject(objectId)) return;
  m_recorder.recordRemoval(tr("Remove object").toStdString(), objectId);
  m_tracker->removeObject(objectId);  // the tracker hears it here, not through syncTracker
}

bool PromptController::beginRun(const QString& text) {
  auto& document = m_model->document();
  if (m_propagating || !m_pending.empty()) return false;
  if (!document.hasPrompts()) {
    Q_EMIT message(tr("Click an object first."));
    return false;
  }
  if (document.video().isImageSet()) {
    Q_EMIT message(tr("Image mode annotates each image on its own: there is nothing to track."));
    return false;
  }
  m_propagating = true;
  m_backwardLeg.reset();
  m_framesInEarlierLegs = 0;
  m_recorder.beginRun(text.toStdString());
  return true;
}

bool PromptController::startPropagation(int startFrame, bool reverse, bool full) {
  if (!beginRun(reverse ? tr("Track backward") : tr("Track forward"))) return false;
  m_tracker->propagate(startFrame, reverse, full);
  Q_EMIT propagationStarted(reverse);
  return true;
}

bool PromptController::startPropagationBothWays(int startFrame, bool full) {
  if (!beginRun(tr("Track both ways"))) return false;
  m_backwardLeg = BackwardLeg{startFrame, full};
  m_tracker->propagate(startFrame, /*reverse=*/false, full);
  Q_EMIT propagationStarted(false);
  return true;
}

void PromptController::videoChanged() {
  m_sessionReady = false;
  m_offer = Offer{};
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
  tracker::PromptRecord record;
  record.text = pending.text.toStdString();
  record.frame = outcome.frame;
  record.objectId = outcome.objectId;
  if (pending.purpose != Purpose::Clear) record.input = outcome.input;
  record.newObject = pending.newObject;
  record.accepted = pending.accepted;
  m_recorder.recordPrompt(record, outcome.result);
  if (pending.newObject) Q_EMIT objectCreated(outcome.objectId);
  if (pending.accepted) Q_EMIT message(acceptedText(outcome.frame, outcome.objectId));
  if (pending.purpose != Purpose::Input || pending.accepted) return;
  if (pending.pick >= 0) {
    Q_EMIT candidatePicked(outcome.frame, outcome.objectId, pending.pick);
    return;
  }
  m_offer = Offer{outcome.frame, outcome.objectId, outcome.result.candidates};
  Q_EMIT candidatesOffered(outcome.frame, outcome.objectId, m_offer.candidates);
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
  m_recorder.recordTracked(tr("Tracked frame").toStdString(), frame.frame, frame.masks);
}

void PromptController::onPropagationFinished(int framesDone, bool cancelled) {
  if (!m_propagating) return;
  m_framesInEarlierLegs += framesDone;
  if (m_backwardLeg && !cancelled) {  // the forward part is done: same group, backward now
    const BackwardLeg leg = *m_backwardLeg;
    m_backwardLeg.reset();
    m_tracker->propagate(leg.startFrame, /*reverse=*/true, leg.full);
    Q_EMIT propagationStarted(true);
    return;
  }
  m_backwardLeg.reset();
  framesDone = m_framesInEarlierLegs;
  m_framesInEarlierLegs = 0;
  m_propagating = false;
  m_recorder.endRun();
  Q_EMIT propagationEnded(framesDone, cancelled);
}

void PromptController::onSessionReady() {
  m_sessionReady = true;
  const auto& document = m_model->document();
  // A loaded project (or a new model): the tracker takes the document's prompts again.
  if (document.hasPrompts()) m_tracker->rebuild(document.state().prompts);
}

void PromptController::syncTracker(const project::DocumentChange& change) {
  if (m_recorder.isRecording()) return;  // the tracker's own answer
  // Undo / redo there: the offered candidates no longer belong to the frame's prompts.
  if (change.promptsChanged.count({m_offer.frame, m_offer.objectId}) != 0) m_offer = Offer{};
  if (!m_sessionReady) return;
  const auto& document = m_model->document();
  if (change.needsEngineRebuild()) {
    m_tracker->rebuild(document.state().prompts);
    return;
  }
  // Undo / redo of a prompt, an import with prompts: replay just those frames.
  for (const auto& key : change.promptsChanged) {
    const int requestId = m_nextRequest++;
    m_pending.emplace(requestId, Pending{Purpose::Sync, QString(), false, std::nullopt});
    m_tracker->setPrompts(requestId, key.first, key.second,
                          document.prompts(key.first, key.second));
  }
  for (const int objectId : change.objectsChanged)
    if (!document.hasObject(objectId)) m_tracker->removeObject(objectId);
}

}  // namespace masklet::ui
