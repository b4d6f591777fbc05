#include "ui/tracker_worker.h"

#include <QFileInfo>
#include <opencv2/core.hpp>

#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/frame_provider_video.h"
#include "tracker/video_session.h"
#include "video/open_frame_source.h"

namespace masklet::ui {

struct TrackerWorker::State {
  std::shared_ptr<const model::Sam2Model> model;
  QString videoPath;
  std::unique_ptr<tracker::VideoSession> session;
  TrackingSettings settings;
};

namespace {

FrameResult toFrameResult(const tracker::FrameMasks& masks) {
  FrameResult result;
  result.frame = int(masks.frame);
  if (!masks.maskLogits.defined()) return result;
  // > 0 logits are the object; one contiguous uint8 copy, then each object's plane as a Mat.
  const torch::Tensor binary = (masks.maskLogits > 0).to(torch::kUInt8).contiguous().cpu();
  const int height = int(binary.size(2));
  const int width = int(binary.size(3));
  for (size_t i = 0; i < masks.objectIds.size(); ++i) {
    const cv::Mat plane(height, width, CV_8U, binary[int64_t(i)][0].data_ptr<uint8_t>());
    result.masks.emplace_back(int(masks.objectIds[i]), dataset::encodeMask(plane));
  }
  return result;
}

}  // namespace

TrackerWorker::TrackerWorker() : m_state(std::make_unique<State>()) {}
TrackerWorker::~TrackerWorker() = default;

void TrackerWorker::loadModel(const QString& checkpointPath) {
  try {
    torch::NoGradGuard noGrad;
    // A custom model brings its config as a YAML file of the same name next to it.
    const QFileInfo checkpoint(checkpointPath);
    const QString yaml = checkpoint.path() + "/" + checkpoint.completeBaseName() + ".yaml";
    m_state->model = model::Sam2Model::load(checkpointPath.toStdString(),
                                            QFileInfo::exists(yaml) ? yaml.toStdString() : "");
    m_state->session.reset();
    Q_EMIT modelLoaded(QString::fromStdString(m_state->model->describe()));
    if (!m_state->videoPath.isEmpty()) ensureSession();
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Could not load the model %1: %2").arg(checkpointPath, error.what()));
  }
}

void TrackerWorker::openVideo(const QString& path) {
  m_state->videoPath = path;
  m_state->session.reset();
  if (!m_state->model) return;  // the session starts once a model is loaded
  try {
    ensureSession();
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Could not start tracking on %1: %2").arg(path, error.what()));
  }
}

void TrackerWorker::setTrackingSettings(const TrackingSettings& settings) {
  m_state->settings = settings;
}

void TrackerWorker::ensureSession() {
  if (m_state->session) return;
  if (!m_state->model) throw std::runtime_error("no SAM 2 model is loaded");
  if (m_state->videoPath.isEmpty()) throw std::runtime_error("no video is open");
  auto provider = std::make_shared<tracker::VideoFrameProvider>(
      video::openFrameSource(m_state->videoPath.toStdString()),
      int(m_state->model->config().image_size));
  auto options = tracker::SessionOptions::forModel(m_state->model->config());
  const auto choice = model::choosePrecision(
      model::parsePrecisionRequest(m_state->settings.precision.toStdString()),
      m_state->model->device());
  options.precision = choice.precision;
  Q_EMIT precisionChosen(QStringLiteral("%1 (%2)").arg(model::toString(choice.precision),
                                                       QString::fromStdString(choice.reason)));
  m_state->session =
      std::make_unique<tracker::VideoSession>(m_state->model, std::move(provider), options);
  Q_EMIT sessionReady(int(m_state->session->frameCount()));
}

void TrackerWorker::addPoints(int frame, int objectId, const QVector<QPointF>& points,
                              const QVector<int>& labels, bool clearOld) {
  try {
    ensureSession();
    torch::NoGradGuard noGrad;
    tracker::PointPrompt prompt;
    for (const QPointF& point : points)
      prompt.points.push_back({float(point.x()), float(point.y())});
    prompt.labels = std::vector<int>(labels.begin(), labels.end());
    prompt.clearOldPoints = clearOld;
    Q_EMIT masksReady(toFrameResult(m_state->session->addPoints(frame, objectId, prompt)));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("The prompt was not applied: %1").arg(error.what()));
  }
}

void TrackerWorker::addBox(int frame, int objectId, const QRectF& box) {
  try {
    ensureSession();
    torch::NoGradGuard noGrad;
    tracker::PointPrompt prompt;
    prompt.box = tracker::PromptBox{float(box.left()), float(box.top()), float(box.right()),
                                    float(box.bottom())};
    prompt.clearOldPoints = true;
    Q_EMIT masksReady(toFrameResult(m_state->session->addPoints(frame, objectId, prompt)));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("The box was not applied: %1").arg(error.what()));
  }
}

void TrackerWorker::addMask(int frame, int objectId, const dataset::Rle& mask) {
  try {
    ensureSession();
    torch::NoGradGuard noGrad;
    const cv::Mat decoded = dataset::decodeRle(mask);  // 0/1, CV_8U
    const torch::Tensor tensor = torch::from_blob(const_cast<uchar*>(decoded.ptr<uchar>()),
                                                  {decoded.rows, decoded.cols}, torch::kUInt8)
                                     .to(torch::kBool);
    Q_EMIT masksReady(toFrameResult(m_state->session->addMask(frame, objectId, tensor)));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("The mask prompt was not applied: %1").arg(error.what()));
  }
}

void TrackerWorker::propagate(int startFrame, bool reverse, const CancelTokenPtr& cancel,
                              bool untilConverged) {
  int done = 0;
  bool cancelled = false;
  try {
    ensureSession();
    torch::NoGradGuard noGrad;
    tracker::PropagateRequest request;
    if (startFrame >= 0) request.startFrame = startFrame;
    request.reverse = reverse;
    if (untilConverged)
      request.stopWhenConverged = tracker::ConvergenceRule{m_state->settings.convergenceIoU,
                                                           m_state->settings.convergenceFrames};
    const auto result = m_state->session->propagate(
        request,
        [this](const tracker::FrameMasks& masks) { Q_EMIT masksReady(toFrameResult(masks)); },
        [this](int64_t framesDone, int64_t total) { Q_EMIT progress(int(framesDone), int(total)); },
        cancel.get());
    done = int(result.framesDone);
    cancelled = result.cancelled;
    if (result.stop == tracker::PropagateStop::Converged)
      Q_EMIT propagationConverged(int(result.lastFrame), m_state->settings.convergenceFrames);
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Propagation stopped: %1").arg(error.what()));
  }
  Q_EMIT propagationFinished(done, cancelled);
}

void TrackerWorker::removeObject(int objectId) {
  if (!m_state->session) return;
  try {
    torch::NoGradGuard noGrad;
    const auto removed = m_state->session->removeObject(objectId);
    for (const auto& masks : removed.updatedFrames) Q_EMIT masksReady(toFrameResult(masks));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Could not remove the object: %1").arg(error.what()));
  }
}

void TrackerWorker::clearFrame(int frame, int objectId) {
  if (!m_state->session) return;
  try {
    torch::NoGradGuard noGrad;
    Q_EMIT masksReady(toFrameResult(m_state->session->clearFramePrompts(frame, objectId)));
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Could not clear the frame: %1").arg(error.what()));
  }
}

void TrackerWorker::resetSession() {
  if (m_state->session) m_state->session->reset();
}

}  // namespace masklet::ui
