#include "ui/tracker_worker.h"

#include <QFileInfo>

#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/annotation_session.h"
#include "tracker/frame_provider_video.h"
#include "ui/worker_guard.h"
#include "video/cached_frame_source.h"
#include "video/open_frame_source.h"

namespace masklet::ui {

struct TrackerWorker::State {
  std::shared_ptr<const model::Sam2Model> model;
  QString videoPath;
  std::shared_ptr<video::FrameSource> frames;
  std::unique_ptr<tracker::AnnotationSession> session;
  TrackingSettings settings;
  SourceOpener openSource = [](const std::string& path) { return video::openFrameSource(path); };
};

TrackerWorker::TrackerWorker() : m_state(std::make_unique<State>()) {}
TrackerWorker::~TrackerWorker() = default;

bool TrackerWorker::guarded(const QString& what, const std::function<void()>& job) {
  const QString message = runGuarded(what, job);
  if (message.isEmpty()) return true;
  Q_EMIT failed(message);
  return false;
}

void TrackerWorker::loadModel(const QString& checkpointPath) {
  guarded(tr("Could not load the model %1").arg(checkpointPath), [&] {
    torch::NoGradGuard noGrad;
    // A custom model brings its config as a YAML file of the same name next to it.
    const QFileInfo checkpoint(checkpointPath);
    const QString yaml = checkpoint.path() + "/" + checkpoint.completeBaseName() + ".yaml";
    m_state->model = model::Sam2Model::load(checkpointPath.toStdString(),
                                            QFileInfo::exists(yaml) ? yaml.toStdString() : "");
    m_state->session.reset();
    Q_EMIT modelLoaded(QString::fromStdString(m_state->model->describe()));
    if (!m_state->videoPath.isEmpty()) ensureSession();
  });
}

void TrackerWorker::openVideo(const QString& path) {
  m_state->videoPath = path;
  m_state->session.reset();
  m_state->frames.reset();
  if (!m_state->model) return;  // the session starts once a model is loaded
  guarded(tr("Could not start tracking on %1").arg(path), [&] { ensureSession(); });
}

void TrackerWorker::setTrackingSettings(const TrackingSettings& settings) {
  m_state->settings = settings;
}

void TrackerWorker::setSourceOpener(SourceOpener opener) {
  m_state->openSource = std::move(opener);
}

void TrackerWorker::ensureSession() {
  if (m_state->session) return;
  if (!m_state->model) throw Error("no SAM 2 model is loaded");
  if (m_state->videoPath.isEmpty()) throw Error("no video is open");
  // Through the frame cache with prefetch: tracking backward then decodes each GOP once
  // instead of once per frame.
  m_state->frames = std::make_shared<video::CachedFrameSource>(
      m_state->openSource(m_state->videoPath.toStdString()));
  auto provider = std::make_shared<tracker::VideoFrameProvider>(
      m_state->frames, int(m_state->model->config().image_size));
  auto options = tracker::SessionOptions::forModel(m_state->model->config());
  const auto choice = model::choosePrecision(
      model::parsePrecisionRequest(m_state->settings.precision.toStdString()),
      m_state->model->device());
  options.precision = choice.precision;
  Q_EMIT precisionChosen(QStringLiteral("%1 (%2)").arg(model::toString(choice.precision),
                                                       QString::fromStdString(choice.reason)));
  m_state->session = std::make_unique<tracker::AnnotationSession>(
      std::make_unique<tracker::VideoSession>(m_state->model, std::move(provider), options));
  Q_EMIT sessionReady(int(m_state->session->frameCount()));
}

void TrackerWorker::applyInput(int requestId, int frame, int objectId,
                               const project::FramePrompts& before,
                               const project::PromptInput& input) {
  const QString message = runGuarded(tr("The prompt was not applied"), [&] {
    ensureSession();
    auto& engine = m_state->session->engine();
    const bool known = engine.hasObject(objectId);
    try {
      PromptOutcome outcome{requestId, frame, objectId, input,
                            m_state->session->addInput(frame, objectId, before, input)};
      Q_EMIT promptApplied(outcome);
    } catch (...) {
      // The engine registers an object before refusing its first prompt: take it back, so
      // the next propagation does not trip over an object without prompts.
      if (!known && engine.hasObject(objectId) && engine.promptedFrames(objectId).empty())
        m_state->session->removeObject(objectId);
      throw;
    }
  });
  if (!message.isEmpty()) Q_EMIT promptRefused(requestId, message);
}

void TrackerWorker::setPrompts(int requestId, int frame, int objectId,
                               const project::FramePrompts& prompts) {
  const QString message = runGuarded(tr("The tracker could not take the prompts"), [&] {
    ensureSession();
    PromptOutcome outcome{
        requestId, frame, objectId, {}, m_state->session->setPrompts(frame, objectId, prompts)};
    Q_EMIT promptApplied(outcome);
  });
  if (!message.isEmpty()) Q_EMIT promptRefused(requestId, message);
}

void TrackerWorker::rebuild(const PromptTable& prompts) {
  guarded(tr("The tracker could not reload the prompts"), [&] {
    ensureSession();
    const auto refused = m_state->session->rebuild(prompts);
    if (!refused.empty())
      Q_EMIT failed(tr("%1 prompts were refused by the tracker; first: %2")
                        .arg(refused.size())
                        .arg(QString::fromStdString(refused.front())));
  });
}

void TrackerWorker::propagate(int startFrame, bool reverse, const CancelTokenPtr& cancel,
                              bool untilConverged) {
  int done = 0;
  bool cancelled = false;
  guarded(tr("Tracking stopped"), [&] {
    ensureSession();
    tracker::PropagateRequest request;
    if (startFrame >= 0) request.startFrame = startFrame;
    request.reverse = reverse;
    if (untilConverged)
      request.stopWhenConverged = tracker::ConvergenceRule{m_state->settings.convergenceIoU,
                                                           m_state->settings.convergenceFrames};
    const auto result = m_state->session->propagate(
        request,
        [&](const tracker::DocumentFrame& frame) {
          ++done;
          Q_EMIT framesTracked(frame);
        },
        [this](int64_t framesDone, int64_t total) { Q_EMIT progress(int(framesDone), int(total)); },
        cancel.get());
    cancelled = result.cancelled;
    if (result.stop == tracker::PropagateStop::Converged)
      Q_EMIT propagationConverged(int(result.lastFrame), m_state->settings.convergenceFrames);
  });
  Q_EMIT propagationFinished(done, cancelled);
}

void TrackerWorker::removeObject(int objectId) {
  if (!m_state->session) return;
  guarded(tr("Could not remove the object from the tracker"),
          [&] { m_state->session->removeObject(objectId); });
}

}  // namespace masklet::ui
