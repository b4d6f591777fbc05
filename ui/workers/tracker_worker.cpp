#include "ui/workers/tracker_worker.h"

#include <QFileInfo>

#include "common/error.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/amg_image_predictor.h"
#include "tracker/compute_threads.h"
#include "tracker/frame_provider_video.h"
#include "tracker/image_engine.h"
#include "tracker/mask_generator.h"
#include "tracker/video_engine.h"
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

model::PrecisionChoice precisionFor(const TrackingSettings& settings, const model::Sam2Model& m) {
  return model::choosePrecision(model::parsePrecisionRequest(settings.precision.toStdString()),
                                m.device());
}

}  // namespace

struct TrackerWorker::Engine {
  std::shared_ptr<const model::Sam2Model> model;
  QString mediaPath;
  bool images = false;  // mediaPath is an image folder (image mode)
  std::unique_ptr<tracker::AnnotationEngine> engine;
  std::vector<int> damageReported;  // the last damagedFramesFound list
  TrackingSettings settings;
  bool threadsSet = false;
  SourceOpener openSource = [](const std::string& path) { return video::openFrameSource(path); };
};

TrackerWorker::TrackerWorker(QObject* parent)
    : QObject(parent), m_engine(std::make_unique<Engine>()) {
  registerWorkerTypes();
  qRegisterMetaType<QList<int>>();
  qRegisterMetaType<EverythingResult>();
  m_context = new QObject;
  m_context->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
  m_thread.setObjectName("masklet-tracker");
  m_thread.start();
}

TrackerWorker::~TrackerWorker() {
  if (m_cancel) m_cancel->requestCancel();
  if (m_everythingCancel) m_everythingCancel->requestCancel();
  m_thread.quit();
  m_thread.wait();
}

void TrackerWorker::run(std::function<void()> job) {
  if (m_pendingJobs++ == 0) Q_EMIT busyChanged(true);
  QMetaObject::invokeMethod(m_context, [this, job = std::move(job)] {
    job();
    answer([this] {
      if (m_pendingJobs > 0 && --m_pendingJobs == 0) Q_EMIT busyChanged(false);
    });
  });
}

void TrackerWorker::answer(std::function<void()> emitter) {
  QMetaObject::invokeMethod(this, std::move(emitter), Qt::QueuedConnection);
}

bool TrackerWorker::guarded(const QString& what, const std::function<void()>& job) {
  const QString message = runGuarded(what, job);
  if (message.isEmpty()) return true;
  answer([this, message] { Q_EMIT failed(message); });
  return false;
}

// --- model and media ---

void TrackerWorker::loadModel(const QString& checkpointPath) {
  m_loadsInFlight.append(checkpointPath);
  Q_EMIT modelLoading(checkpointPath);
  run([this, checkpointPath] { loadOnThread(checkpointPath); });
}

void TrackerWorker::loadOnThread(const QString& checkpointPath) {
  auto& e = *m_engine;
  bool replaced = false;
  guarded(tr("Could not load the model %1").arg(checkpointPath), [&] {
    torch::NoGradGuard noGrad;
    // A custom model brings its config as a YAML file of the same name next to it.
    const QFileInfo checkpoint(checkpointPath);
    const QString yaml = checkpoint.path() + "/" + checkpoint.completeBaseName() + ".yaml";
    const QString stage = tr("Reading %1...").arg(checkpoint.fileName());
    answer([this, stage] { Q_EMIT modelLoadStage(stage); });
    e.model = model::Sam2Model::load(checkpointPath.toStdString(),
                                     QFileInfo::exists(yaml) ? yaml.toStdString() : "",
                                     chosenDevice(e.settings.device));
    replaced = true;
    e.engine.reset();
    const QString description = QString::fromStdString(e.model->describe());
    answer([this, description] {
      if (!m_loadsInFlight.isEmpty()) m_modelPath = m_loadsInFlight.takeFirst();
      Q_EMIT modelLoaded(description);
    });
    if (!e.mediaPath.isEmpty()) ensureEngine();
  });
  // A model that loaded but whose engine failed to start is still the model in use.
  if (!replaced)
    answer([this, checkpointPath] {
      if (!m_loadsInFlight.isEmpty()) m_loadsInFlight.removeFirst();
      Q_EMIT modelLoadFailed(checkpointPath);
    });
}

void TrackerWorker::openVideo(const QString& path) {
  run([this, path] { openOnThread(path, false); });
}

void TrackerWorker::openImages(const QString& folder) {
  run([this, folder] { openOnThread(folder, true); });
}

void TrackerWorker::openOnThread(const QString& path, bool images) {
  auto& e = *m_engine;
  e.mediaPath = path;
  e.images = images;
  e.engine.reset();
  e.damageReported.clear();
  if (!images) {
    answer([this] { Q_EMIT damagedFramesFound({}); });  // the previous video's markers go
  }
  if (!e.model) return;  // the engine starts once a model is loaded
  guarded(images ? tr("Could not start image mode on %1").arg(path)
                 : tr("Could not start tracking on %1").arg(path),
          [&] { ensureEngine(); });
}

void TrackerWorker::setTrackingSettings(const TrackingSettings& settings) {
  m_settings = settings;
  QMetaObject::invokeMethod(m_context, [this, settings] {
    // Threads are per calling thread in LibTorch's OpenMP build: set here, where the model runs.
    auto& e = *m_engine;
    if (!e.threadsSet || settings.threads != e.settings.threads)
      tracker::configureComputeThreads(settings.threads);
    e.threadsSet = true;
    e.settings = settings;
  });
}

void TrackerWorker::setSourceOpener(SourceOpener opener) {
  QMetaObject::invokeMethod(m_context,
                            [this, opener = std::move(opener)] { m_engine->openSource = opener; });
}

void TrackerWorker::ensureEngine() {
  auto& e = *m_engine;
  if (e.engine) return;
  if (!e.model) throw Error("no SAM 2 model is loaded");
  if (e.mediaPath.isEmpty()) throw Error("no video is open");
  const auto choice = precisionFor(e.settings, *e.model);
  if (e.images) {
    const video::ImageFolderSource folder(e.mediaPath.toStdString(), 30.0,
                                          video::FolderSizes::PerImage);
    e.engine = std::make_unique<tracker::ImageEngine>(e.model, folder.files(), choice.precision);
    answer([this, count = int(e.engine->frameCount())] { Q_EMIT sessionReady(count); });
    return;
  }
  // Through the frame cache with prefetch: tracking backward then decodes each GOP once
  // instead of once per frame.
  video::CacheOptions cache;
  cache.maxBytes = size_t(e.settings.frameCacheMiB) << 20;
  auto frames =
      std::make_shared<video::CachedFrameSource>(e.openSource(e.mediaPath.toStdString()), cache);
  auto provider =
      std::make_shared<tracker::VideoFrameProvider>(frames, int(e.model->config().image_size));
  auto options = tracker::VideoTrackingOptions::forModel(e.model->config());
  options.precision = choice.precision;
  options.featureCacheFrames = size_t(e.settings.featureCacheFrames);
  options.featureCacheDiskBytes = size_t(e.settings.diskCacheMiB) << 20;
  options.conditionedCacheDiskBytes = options.featureCacheDiskBytes;
  const QString precision = QStringLiteral("%1 (%2)").arg(model::toString(choice.precision),
                                                          QString::fromStdString(choice.reason));
  answer([this, precision] { Q_EMIT precisionChosen(precision); });
  e.engine = std::make_unique<tracker::VideoEngine>(
      std::make_unique<tracker::VideoSession>(e.model, std::move(provider), options),
      std::move(frames));
  answer([this, count = int(e.engine->frameCount())] { Q_EMIT sessionReady(count); });
  reportDamage();
}

void TrackerWorker::reportDamage() {
  auto& e = *m_engine;
  if (!e.engine) return;
  std::vector<int> damaged = e.engine->damagedFrames();
  if (damaged == e.damageReported) return;
  e.damageReported = damaged;
  answer([this, frames = QList<int>(damaged.begin(), damaged.end())] {
    Q_EMIT damagedFramesFound(frames);
  });
}

// --- engine calls ---

void TrackerWorker::applyInput(int requestId, int frame, int objectId,
                               const project::FramePrompts& before,
                               const project::PromptInput& input) {
  run([=] {
    const QString message = runGuarded(tr("The prompt was not applied"), [&] {
      ensureEngine();
      const auto reply = m_engine->engine->addInput(frame, objectId, before, input);
      PromptOutcome outcome{requestId, frame, objectId, input, reply.result};
      outcome.elapsedMs = reply.elapsedMs;
      outcome.encodeMs = reply.encodeMs;
      answer([this, outcome] { Q_EMIT promptApplied(outcome); });
      reportDamage();
    });
    if (!message.isEmpty())
      answer([this, requestId, message] { Q_EMIT promptRefused(requestId, message); });
  });
}

void TrackerWorker::setPrompts(int requestId, int frame, int objectId,
                               const project::FramePrompts& prompts) {
  run([=] {
    const QString message = runGuarded(tr("The tracker could not take the prompts"), [&] {
      ensureEngine();
      const auto reply = m_engine->engine->setPrompts(frame, objectId, prompts);
      PromptOutcome outcome{requestId, frame, objectId, {}, reply.result};
      outcome.elapsedMs = reply.elapsedMs;
      answer([this, outcome] { Q_EMIT promptApplied(outcome); });
    });
    if (!message.isEmpty())
      answer([this, requestId, message] { Q_EMIT promptRefused(requestId, message); });
  });
}

void TrackerWorker::rebuild(const PromptTable& prompts) {
  run([=] {
    guarded(tr("The tracker could not reload the prompts"), [&] {
      ensureEngine();
      const auto refused = m_engine->engine->rebuild(prompts);
      if (refused.empty()) return;
      const QString text = tr("%1 prompts were refused by the tracker; first: %2")
                               .arg(refused.size())
                               .arg(QString::fromStdString(refused.front()));
      answer([this, text] { Q_EMIT failed(text); });
    });
  });
}

void TrackerWorker::propagate(int startFrame, bool reverse, bool full) {
  m_cancel = std::make_shared<CancelToken>();
  const bool untilConverged = m_settings.retrackUntilConverged && !full;
  run([this, startFrame, reverse, untilConverged, cancel = m_cancel] {
    auto& e = *m_engine;
    int done = 0;
    bool cancelled = false;
    guarded(tr("Tracking stopped"), [&] {
      ensureEngine();
      tracker::PropagateRequest request;
      if (startFrame >= 0) request.startFrame = startFrame;
      request.reverse = reverse;
      if (untilConverged)
        request.stopWhenConverged =
            tracker::ConvergenceRule{e.settings.convergenceIoU, e.settings.convergenceFrames};
      const auto result = e.engine->propagate(
          request,
          [&](const tracker::DocumentFrame& frame) {
            ++done;
            answer([this, frame] { Q_EMIT framesTracked(frame); });
          },
          [this](int64_t framesDone, int64_t total) {
            answer([this, framesDone, total] { Q_EMIT progress(int(framesDone), int(total)); });
          },
          cancel.get());
      cancelled = result.cancelled;
      if (result.stop == tracker::PropagateStop::Converged)
        answer([this, last = int(result.lastFrame), agreeing = e.settings.convergenceFrames] {
          Q_EMIT propagationConverged(last, agreeing);
        });
    });
    reportDamage();  // before the end, so the timeline has the markers when the run is over
    answer([this, done, cancelled] { Q_EMIT propagationFinished(done, cancelled); });
  });
}

void TrackerWorker::cancelPropagation() {
  if (m_cancel) m_cancel->requestCancel();
}

void TrackerWorker::removeObject(int objectId) {
  run([this, objectId] {
    if (!m_engine->engine) return;
    guarded(tr("Could not remove the object from the tracker"),
            [&] { m_engine->engine->removeObject(objectId); });
  });
}

void TrackerWorker::segmentEverything(int frame, const tracker::AmgOptions& options) {
  m_everythingCancel = std::make_shared<CancelToken>();
  run([this, frame, options, cancel = m_everythingCancel] {
    auto& e = *m_engine;
    EverythingResult out;
    out.frame = frame;
    out.error = runGuarded(tr("Segment everything stopped"), [&] {
      torch::NoGradGuard noGrad;
      ensureEngine();
      const cv::Mat rgb = e.engine->frameRgb(frame);  // the frame as the user sees it
      tracker::AmgImagePredictor predictor(e.model, options.min_mask_region_area,
                                           precisionFor(e.settings, *e.model).precision,
                                           options.mask_threshold);
      tracker::MaskGenerator generator(predictor, options);
      // The generator polls a plain flag; the GUI's token is mirrored into it after each batch.
      std::atomic<bool> stop{cancel && cancel->isCancelled()};
      const auto result = generator.generate(
          rgb,
          [&](const tracker::AmgProgress& p) {
            answer([this, done = int(p.batchesDone), total = int(p.batchesTotal)] {
              Q_EMIT everythingProgress(done, total);
            });
            if (cancel && cancel->isCancelled()) stop = true;
          },
          &stop);
      out.cancelled = result.cancelled;
      for (const auto& m : result.masks)
        out.masks.push_back({m.segmentation, m.area, m.predicted_iou, m.stability_score});
    });
    if (!out.error.isEmpty()) answer([this, error = out.error] { Q_EMIT failed(error); });
    answer([this, out = std::move(out)] { Q_EMIT everythingFinished(out); });
  });
}

void TrackerWorker::cancelEverything() {
  if (m_everythingCancel) m_everythingCancel->requestCancel();
}

}  // namespace masklet::ui
