#include "ui/session_controller.h"

#include "ui/frame_loader.h"
#include "ui/tracker_worker.h"

namespace masklet::ui {

SessionController::SessionController(QObject* parent) : QObject(parent) {
  registerWorkerTypes();
  qRegisterMetaType<CancelTokenPtr>();
  m_tracker = new TrackerWorker;
  m_tracker->moveToThread(&m_trackerThread);
  connect(&m_trackerThread, &QThread::finished, m_tracker, &QObject::deleteLater);
  m_loader = new FrameLoader;
  m_loader->moveToThread(&m_loaderThread);
  connect(&m_loaderThread, &QThread::finished, m_loader, &QObject::deleteLater);

  connect(m_loader, &FrameLoader::mediaOpened, this, &SessionController::mediaOpened);
  connect(m_loader, &FrameLoader::frameLoaded, this, &SessionController::frameLoaded);
  connect(m_loader, &FrameLoader::failed, this, &SessionController::failed);
  connect(m_tracker, &TrackerWorker::modelLoaded, this, &SessionController::modelLoaded);
  connect(m_tracker, &TrackerWorker::sessionReady, this, &SessionController::sessionReady);
  connect(m_tracker, &TrackerWorker::masksReady, this, &SessionController::masksReady);
  connect(m_tracker, &TrackerWorker::progress, this, &SessionController::progress);
  connect(m_tracker, &TrackerWorker::failed, this, &SessionController::failed);
  connect(m_tracker, &TrackerWorker::propagationFinished, this,
          &SessionController::propagationFinished);
  connect(m_tracker, &TrackerWorker::propagationConverged, this,
          &SessionController::propagationConverged);
  connect(m_tracker, &TrackerWorker::precisionChosen, this, &SessionController::precisionChosen);
  m_trackerThread.setObjectName("masklet-tracker");
  m_loaderThread.setObjectName("masklet-frames");
  m_trackerThread.start();
  m_loaderThread.start();
}

SessionController::~SessionController() {
  if (m_cancel) m_cancel->requestCancel();
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
  runOnTracker([checkpointPath](TrackerWorker* worker) { worker->loadModel(checkpointPath); });
}

void SessionController::openMedia(const QString& path) {
  QMetaObject::invokeMethod(m_loader, [loader = m_loader, path] { loader->openMedia(path); });
  runOnTracker([path](TrackerWorker* worker) { worker->openVideo(path); });
}

void SessionController::requestFrame(int frame) {
  m_loader->noteLatestRequest(frame);
  QMetaObject::invokeMethod(m_loader, [loader = m_loader, frame] { loader->loadFrame(frame); });
}

void SessionController::addPoints(int frame, int objectId, const QVector<QPointF>& points,
                                  const QVector<int>& labels, bool clearOld) {
  runOnTracker(
      [=](TrackerWorker* worker) { worker->addPoints(frame, objectId, points, labels, clearOld); });
}

void SessionController::addBox(int frame, int objectId, const QRectF& box) {
  runOnTracker([=](TrackerWorker* worker) { worker->addBox(frame, objectId, box); });
}

void SessionController::addMask(int frame, int objectId, const dataset::Rle& mask) {
  runOnTracker([=](TrackerWorker* worker) { worker->addMask(frame, objectId, mask); });
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

void SessionController::clearFrame(int frame, int objectId) {
  runOnTracker([=](TrackerWorker* worker) { worker->clearFrame(frame, objectId); });
}

}  // namespace masklet::ui
