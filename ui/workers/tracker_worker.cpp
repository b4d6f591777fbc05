#include "ui/workers/tracker_worker.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "common/error.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/amg_image_predictor.h"
#include "tracker/annotation_session.h"
#include "tracker/compute_threads.h"
#include "tracker/frame_provider_video.h"
#include "tracker/image_annotation_session.h"
#include "tracker/image_preprocess.h"
#include "tracker/mask_generator.h"
#include "ui/workers/worker_guard.h"
#include "video/cached_frame_source.h"
#include "video/image_folder_source.h"
#include "video/open_frame_source.h"

namespace masklet::ui {

namespace {

// "cpu", "cuda" or "auto" (nullopt: CUDA when there is one); CUDA asked for but absent is an
// error the user can act on.
std::optional<torch::Device> chosenDevice(const QString& device) {
  if (device == "cpu") return torch::Device(torch::kCPU);
  if (device != "cuda") return std::nullopt;
  if (!torch::cuda::is_available())
    throw Error("the device is set to CUDA but no CUDA device is available (Settings > Device)");
  return torch::Device(torch::kCUDA, 0);
}

}  // namespace

struct TrackerWorker::State {
  std::shared_ptr<const model::Sam2Model> model;
  QString videoPath;
  std::shared_ptr<video::FrameSource> frames;
  std::unique_ptr<tracker::AnnotationSession> session;
  bool imageMode = false;  // videoPath is an image set: `images` instead of `session`
  std::unique_ptr<tracker::ImageAnnotationSession> images;
  std::vector<int> damageReported;  // the last damagedFramesFound list
  TrackingSettings settings;
  bool threadsSet = false;
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
  bool replaced = false;
  guarded(tr("Could not load the model %1").arg(checkpointPath), [&] {
    torch::NoGradGuard noGrad;
    // A custom model brings its config as a YAML file of the same name next to it.
    const QFileInfo checkpoint(checkpointPath);
    const QString yaml = checkpoint.path() + "/" + checkpoint.completeBaseName() + ".yaml";
    Q_EMIT modelLoadStage(tr("Reading %1...").arg(checkpoint.fileName()));
    auto model = model::Sam2Model::load(checkpointPath.toStdString(),
                                        QFileInfo::exists(yaml) ? yaml.toStdString() : "",
                                        chosenDevice(m_state->settings.device));
    m_state->model = std::move(model);
    replaced = true;
    m_state->session.reset();
    m_state->images.reset();
    Q_EMIT modelLoaded(QString::fromStdString(m_state->model->describe()));
    if (!m_state->videoPath.isEmpty()) ensureSession();
  });
  // A model that loaded but whose session failed to start is still the model in use.
  if (!replaced) Q_EMIT modelLoadFailed(checkpointPath);
}

void TrackerWorker::openImages(const QString& folder) {
  m_state->videoPath = folder;
  m_state->imageMode = true;
  m_state->session.reset();
  m_state->images.reset();
  m_state->frames.reset();
  if (!m_state->model) return;
  guarded(tr("Could not start image mode on %1").arg(folder), [&] { ensureSession(); });
}

void TrackerWorker::openVideo(const QString& path) {
  m_state->videoPath = path;
  m_state->imageMode = false;
  m_state->images.reset();
  m_state->session.reset();
  m_state->frames.reset();
  m_state->damageReported.clear();
  Q_EMIT damagedFramesFound({});  // the previous video's markers go
  if (!m_state->model) return;    // the session starts once a model is loaded
  guarded(tr("Could not start tracking on %1").arg(path), [&] { ensureSession(); });
}

void TrackerWorker::setTrackingSettings(const TrackingSettings& settings) {
  // Threads are per calling thread in LibTorch's OpenMP build: set here, where the model runs.
  if (!m_state->threadsSet || settings.threads != m_state->settings.threads)
    tracker::configureComputeThreads(settings.threads);
  m_state->threadsSet = true;
  m_state->settings = settings;
}

void TrackerWorker::setSourceOpener(SourceOpener opener) {
  m_state->openSource = std::move(opener);
}

void TrackerWorker::ensureSession() {
  if (m_state->session || m_state->images) return;
  if (!m_state->model) throw Error("no SAM 2 model is loaded");
  if (m_state->videoPath.isEmpty()) throw Error("no video is open");
  if (m_state->imageMode) {
    const video::ImageFolderSource folder(m_state->videoPath.toStdString(), 30.0,
                                          video::FolderSizes::PerImage);
    const auto choice = model::choosePrecision(
        model::parsePrecisionRequest(m_state->settings.precision.toStdString()),
        m_state->model->device());
    m_state->images = std::make_unique<tracker::ImageAnnotationSession>(
        m_state->model, folder.files(), choice.precision);
    Q_EMIT sessionReady(int(m_state->images->frameCount()));
    return;
  }
  // Through the frame cache with prefetch: tracking backward then decodes each GOP once
  // instead of once per frame.
  video::CacheOptions cache;
  cache.maxBytes = size_t(m_state->settings.frameCacheMiB) << 20;
  m_state->frames = std::make_shared<video::CachedFrameSource>(
      m_state->openSource(m_state->videoPath.toStdString()), cache);
  auto provider = std::make_shared<tracker::VideoFrameProvider>(
      m_state->frames, int(m_state->model->config().image_size));
  auto options = tracker::VideoTrackingOptions::forModel(m_state->model->config());
  const auto choice = model::choosePrecision(
      model::parsePrecisionRequest(m_state->settings.precision.toStdString()),
      m_state->model->device());
  options.precision = choice.precision;
  options.featureCacheFrames = size_t(m_state->settings.featureCacheFrames);
  options.featureCacheDiskBytes = size_t(m_state->settings.diskCacheMiB) << 20;
  options.conditionedCacheDiskBytes = options.featureCacheDiskBytes;
  Q_EMIT precisionChosen(QStringLiteral("%1 (%2)").arg(model::toString(choice.precision),
                                                       QString::fromStdString(choice.reason)));
  m_state->session = std::make_unique<tracker::AnnotationSession>(
      std::make_unique<tracker::VideoSession>(m_state->model, std::move(provider), options));
  Q_EMIT sessionReady(int(m_state->session->frameCount()));
  reportDamage();
}

void TrackerWorker::reportDamage() {
  if (!m_state->frames) return;
  std::vector<int> damaged = m_state->frames->damagedFrames();
  if (damaged == m_state->damageReported) return;
  m_state->damageReported = damaged;
  Q_EMIT damagedFramesFound(QList<int>(damaged.begin(), damaged.end()));
}

void TrackerWorker::applyInput(int requestId, int frame, int objectId,
                               const project::FramePrompts& before,
                               const project::PromptInput& input) {
  const QString message = runGuarded(tr("The prompt was not applied"), [&] {
    ensureSession();
    if (m_state->images) {  // image mode keeps nothing per object: no cleanup on refusal
      PromptOutcome outcome{requestId, frame, objectId, input,
                            m_state->images->addInput(frame, objectId, before, input)};
      Q_EMIT promptApplied(outcome);
      return;
    }
    auto& engine = m_state->session->engine();
    const bool known = engine.hasObject(objectId);
    try {
      QElapsedTimer clock;
      clock.start();
      // Encoding the image first (when not cached) tells the user what the click cost apart
      // from the image; the prompt then reads the cached features.
      int encodeMs = 0;
      if (frame >= 0 && frame < engine.frameCount() && !engine.featureCache().contains(frame)) {
        engine.encodeFrame(frame);
        encodeMs = int(clock.elapsed());
      }
      PromptOutcome outcome{requestId, frame, objectId, input,
                            m_state->session->addInput(frame, objectId, before, input)};
      outcome.elapsedMs = int(clock.elapsed());
      outcome.encodeMs = encodeMs;
      Q_EMIT promptApplied(outcome);
      reportDamage();
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
    QElapsedTimer clock;
    clock.start();
    PromptOutcome outcome{requestId,
                          frame,
                          objectId,
                          {},
                          m_state->images ? m_state->images->setPrompts(frame, objectId, prompts)
                                          : m_state->session->setPrompts(frame, objectId, prompts)};
    outcome.elapsedMs = int(clock.elapsed());
    Q_EMIT promptApplied(outcome);
  });
  if (!message.isEmpty()) Q_EMIT promptRefused(requestId, message);
}

void TrackerWorker::rebuild(const PromptTable& prompts) {
  guarded(tr("The tracker could not reload the prompts"), [&] {
    ensureSession();
    if (m_state->images) return;  // each image's masks come from its prompts alone: no state
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
    if (m_state->images) throw Error("image mode annotates each image on its own: no tracking");
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
  reportDamage();  // before the end, so the timeline has the markers when the run is over
  Q_EMIT propagationFinished(done, cancelled);
}

void TrackerWorker::removeObject(int objectId) {
  if (!m_state->session) return;
  guarded(tr("Could not remove the object from the tracker"),
          [&] { m_state->session->removeObject(objectId); });
}

EverythingResult TrackerWorker::segmentEverything(int frame, const tracker::AmgOptions& options,
                                                  const CancelTokenPtr& cancel,
                                                  const std::function<void(int, int)>& progress) {
  EverythingResult out;
  out.frame = frame;
  out.error = runGuarded(tr("Segment everything stopped"), [&] {
    torch::NoGradGuard noGrad;
    ensureSession();
    // The frame as the user sees it: image mode reads the image itself, a video its cache.
    cv::Mat rgb;
    if (m_state->imageMode) {
      const video::ImageFolderSource folder(m_state->videoPath.toStdString(), 30.0,
                                            video::FolderSizes::PerImage);
      rgb = tracker::readRgbImage(folder.files().at(size_t(frame)));
    } else {
      rgb = m_state->frames->frame(frame).rgb;
    }
    const auto choice = model::choosePrecision(
        model::parsePrecisionRequest(m_state->settings.precision.toStdString()),
        m_state->model->device());
    tracker::AmgImagePredictor predictor(m_state->model, options.min_mask_region_area,
                                         choice.precision, options.mask_threshold);
    tracker::MaskGenerator generator(predictor, options);
    // The generator polls a plain flag; the GUI's token is mirrored into it after each batch.
    std::atomic<bool> stop{cancel && cancel->isCancelled()};
    const auto result = generator.generate(
        rgb,
        [&](const tracker::AmgProgress& p) {
          if (progress) progress(int(p.batchesDone), int(p.batchesTotal));
          if (cancel && cancel->isCancelled()) stop = true;
        },
        &stop);
    out.cancelled = result.cancelled;
    for (const auto& m : result.masks)
      out.masks.push_back({m.segmentation, m.area, m.predicted_iou, m.stability_score});
  });
  if (!out.error.isEmpty()) Q_EMIT failed(out.error);
  return out;
}

}  // namespace masklet::ui
