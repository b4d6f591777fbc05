#include "ui/workers/session_controller.h"

#include "ui/workers/frame_loader.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

SessionController::SessionController(QObject* parent) : QObject(parent) {
  registerWorkerTypes();
  qRegisterMetaType<CancelTokenPtr>();
  qRegisterMetaType<QList<int>>();
  qRegisterMetaType<EverythingResult>();
  m_tracker = new TrackerWorker;
  m_tracker->moveToThread(&m_trackerThread);
  connect(&m_trackerThread, &QThread::finished, m_tracker, &QObject::deleteLater);
  m_loader = new FrameLoader;
  m_loader->moveToThread(&m_loaderThread);
  connect(&m_loaderThread, &QThread::finished, m_loader, &QObject::deleteLater);

  connect(m_loader, &FrameLoader::mediaOpened, this, &SessionController::mediaOpened);
  connect(m_loader, &FrameLoader::frameLoaded, this, &SessionController::frameLoaded);
  connect(m_loader, &FrameLoader::failed, this, &SessionController::failed);
  connect(m_tracker, &TrackerWorker::modelLoaded, this, [this](const QString& description) {
    if (!m_loadsInFlight.isEmpty()) m_modelPath = m_loadsInFlight.takeFirst();
    Q_EMIT modelLoaded(description);
  });
  connect(m_tracker, &TrackerWorker::modelLoadStage, this, &SessionController::modelLoadStage);
  connect(m_tracker, &TrackerWorker::modelLoadFailed, this, [this](const QString& path) {
    if (!m_loadsInFlight.isEmpty()) m_loadsInFlight.removeFirst();
    Q_EMIT modelLoadFailed(path);
  });
  connect(m_tracker, &TrackerWorker::sessionReady, this, &SessionController::sessionReady);
  connect(m_tracker, &TrackerWorker::promptApplied, this, &SessionController::promptApplied);
  connect(m_tracker, &TrackerWorker::promptRefused, this, &SessionController::promptRefused);
  connect(m_tracker, &TrackerWorker::framesTracked, this, &SessionController::framesTracked);
  connect(m_tracker, &TrackerWorker::progress, this, &SessionController::progress);
  connect(m_tracker, &TrackerWorker::failed, this, &SessionController::failed);
  connect(m_tracker, &TrackerWorker::propagationFinished, this,
          &SessionController::propagationFinished);
  connect(m_tracker, &TrackerWorker::propagationConverged, this,
          &SessionController::propagationConverged);
  connect(m_tracker, &TrackerWorker::precisionChosen, this, &SessionController::precisionChosen);
  connect(m_tracker, &TrackerWorker::damagedFramesFound, this,
          &SessionController::damagedFramesFound);
  m_trackerThread.setObjectName("masklet-tracker");
  m_loaderThread.setObjectName("masklet-frames");
  m_trackerThread.start();
  m_loaderThread.start();
}

SessionController::~SessionController() {
  if (m_cancel) m_cancel->requestCancel();
  if (m_everythingCancel) m_everythingCancel->requestCancel();
  m_loaderThread.quit();
  m_trackerThread.quit();
  m_loaderThread.wait();
  m_trackerThread.wait();
}

void SessionController::jobStarted() {
  if (m_pendingJobs++ == 0) Q_EMIT busyChanged(true);
}

void SessionController::jobFinished() {
  if (m_pendingJobs > 0 && --m_pendingJobs == 0) Q_EMIT busyChanged(false);
}

void SessionController::runOnTracker(std::function<void(TrackerWorker*)> job) {
  jobStarted();
  QMetaObject::invokeMethod(m_tracker, [this, worker = m_tracker, job = std::move(job)] {
    job(worker);
    QMetaObject::invokeMethod(this, [this] { jobFinished(); });
  });
}

void SessionController::loadModel(const QString& checkpointPath) {
  m_loadsInFlight.append(checkpointPath);
  Q_EMIT modelLoading(checkpointPath);
  runOnTracker([checkpointPath](TrackerWorker* worker) { worker->loadModel(checkpointPath); });
}

void SessionController::openMedia(const QString& path) {
  QMetaObject::invokeMethod(m_loader, [loader = m_loader, path] { loader->openMedia(path); });
  runOnTracker([path](TrackerWorker* worker) { worker->openVideo(path); });
}

void SessionController::openImages(const QString& folder) {
  QMetaObject::invokeMethod(m_loader, [loader = m_loader, folder] { loader->openImages(folder); });
  runOnTracker([folder](TrackerWorker* worker) { worker->openImages(folder); });
}

void SessionController::requestFrame(int frame) {
  m_loader->noteLatestRequest(frame);
  QMetaObject::invokeMethod(m_loader, [loader = m_loader, frame] { loader->loadFrame(frame); });
}

void SessionController::applyInput(int requestId, int frame, int objectId,
                                   const project::FramePrompts& before,
                                   const project::PromptInput& input) {
  runOnTracker([=](TrackerWorker* worker) {
    worker->applyInput(requestId, frame, objectId, before, input);
  });
}

void SessionController::setPrompts(int requestId, int frame, int objectId,
                                   const project::FramePrompts& prompts) {
  runOnTracker(
      [=](TrackerWorker* worker) { worker->setPrompts(requestId, frame, objectId, prompts); });
}

void SessionController::rebuild(const PromptTable& prompts) {
  runOnTracker([=](TrackerWorker* worker) { worker->rebuild(prompts); });
}

void SessionController::propagate(int startFrame, bool reverse, bool full) {
  m_cancel = std::make_shared<CancelToken>();
  const bool untilConverged = m_settings.retrackUntilConverged && !full;
  runOnTracker([=, cancel = m_cancel](TrackerWorker* worker) {
    worker->propagate(startFrame, reverse, cancel, untilConverged);
  });
}

void SessionController::setTrackingSettings(const TrackingSettings& settings) {
  m_settings = settings;
  QMetaObject::invokeMethod(
      m_tracker, [worker = m_tracker, settings] { worker->setTrackingSettings(settings); });
}

void SessionController::cancelPropagation() {
  if (m_cancel) m_cancel->requestCancel();
}

void SessionController::removeObject(int objectId) {
  runOnTracker([=](TrackerWorker* worker) { worker->removeObject(objectId); });
}

void SessionController::segmentEverything(int frame, const tracker::AmgOptions& options) {
  m_everythingCancel = std::make_shared<CancelToken>();
  runOnTracker([this, frame, options, cancel = m_everythingCancel](TrackerWorker* worker) {
    const auto report = [this](int done, int total) {
      QMetaObject::invokeMethod(this,
                                [this, done, total] { Q_EMIT everythingProgress(done, total); });
    };
    EverythingResult result = worker->segmentEverything(frame, options, cancel, report);
    QMetaObject::invokeMethod(
        this, [this, result = std::move(result)] { Q_EMIT everythingFinished(result); });
  });
}

void SessionController::cancelEverything() {
  if (m_everythingCancel) m_everythingCancel->requestCancel();
}

}  // namespace masklet::ui
