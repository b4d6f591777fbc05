#include "tracker/video_engine.h"

#include <chrono>
#include <cmath>
#include <opencv2/core.hpp>

#include "common/error.h"

namespace masklet::tracker {

namespace {

using Clock = std::chrono::steady_clock;

int msSince(Clock::time_point start) {
  return int(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

std::optional<double> signal(const std::vector<float>& values, size_t i) {
  if (i >= values.size() || std::isnan(values[i])) return std::nullopt;
  return double(values[i]);
}

torch::Tensor maskTensor(const dataset::Rle& rle) {
  const cv::Mat decoded = dataset::decodeRle(rle);  // 0/1, CV_8U
  return torch::from_blob(const_cast<uchar*>(decoded.ptr<uchar>()), {decoded.rows, decoded.cols},
                          torch::kUInt8)
      .to(torch::kBool);  // a copy: `decoded` dies here
}

}  // namespace

std::vector<dataset::Rle> binaryMaskRles(const torch::Tensor& logits) {
  // One contiguous uint8 copy [N, H, W], then each plane as a Mat.
  const torch::Tensor binary =
      (logits > 0).to(torch::kUInt8).reshape({logits.size(0), logits.size(-2), logits.size(-1)});
  const torch::Tensor planes = binary.contiguous().cpu();
  const int height = int(planes.size(1));
  const int width = int(planes.size(2));
  std::vector<dataset::Rle> rles;
  for (int64_t i = 0; i < planes.size(0); ++i)
    rles.push_back(
        dataset::encodeMask(cv::Mat(height, width, CV_8U, planes[i].data_ptr<uint8_t>())));
  return rles;
}

DocumentFrame toDocumentFrame(const FrameMasks& masks, project::MaskSource source) {
  DocumentFrame out;
  out.frame = int(masks.frame);
  if (!masks.maskLogits.defined()) return out;
  auto rles = binaryMaskRles(masks.maskLogits);
  for (size_t i = 0; i < masks.objectIds.size(); ++i) {
    project::ObjectMask mask;
    mask.rle = std::move(rles[i]);
    mask.source = source;
    mask.quality.objectScore = signal(masks.objectScores, i);
    mask.quality.predictedIou = signal(masks.predictedIous, i);
    out.masks.emplace(int(masks.objectIds[i]), std::move(mask));
  }
  if (masks.candidates) {
    out.candidateObject = int(masks.candidates->objectId);
    auto candidates = binaryMaskRles(masks.candidates->maskLogits);
    for (size_t i = 0; i < candidates.size(); ++i)
      out.candidates.push_back({std::move(candidates[i]), double(masks.candidates->ious.at(i))});
  }
  return out;
}

VideoEngine::VideoEngine(std::unique_ptr<VideoSession> session,
                         std::shared_ptr<video::FrameSource> frames)
    : m_session(std::move(session)), m_frames(std::move(frames)) {
  if (!m_session) throw Error("internal: VideoEngine needs a VideoSession");
}

VideoEngine::~VideoEngine() = default;

FrameMasks VideoEngine::runInput(int frame, int objectId, const project::PromptInput& input,
                                 bool first) {
  if (input.mask) return m_session->addMask(frame, objectId, maskTensor(*input.mask));
  PointPrompt prompt;
  for (const auto& point : input.points) {
    prompt.points.push_back({float(point.x), float(point.y)});
    prompt.labels.push_back(point.label);
  }
  if (input.box) {
    const auto& b = *input.box;
    prompt.box = PromptBox{float(b[0]), float(b[1]), float(b[2]), float(b[3])};
  }
  // The first input (and any that starts over) replaces the frame's points; later clicks add
  // to them. Either way the engine refines its previous mask there, as the reference does.
  prompt.clearOldPoints = first || input.startsOver();
  return m_session->addPoints(frame, objectId, prompt);
}

DocumentFrame VideoEngine::keepingObjectsOnRefusal(int objectId,
                                                   const std::function<DocumentFrame()>& prompt) {
  const bool known = m_session->hasObject(objectId);
  try {
    return prompt();
  } catch (...) {
    if (!known && m_session->hasObject(objectId) && m_session->promptedFrames(objectId).empty())
      m_session->removeObject(objectId);
    throw;
  }
}

PromptAnswer VideoEngine::addInput(int frame, int objectId, const project::FramePrompts& before,
                                   const project::PromptInput& input) {
  torch::NoGradGuard noGrad;
  PromptAnswer answer;
  const auto started = Clock::now();
  answer.result = keepingObjectsOnRefusal(objectId, [&] {
    if (frame >= 0 && frame < m_session->frameCount() &&
        !m_session->featureCache().contains(frame)) {
      m_session->encodeFrame(frame);
      answer.encodeMs = msSince(started);
    }
    return toDocumentFrame(runInput(frame, objectId, input, before.empty()),
                           project::MaskSource::Prompted);
  });
  answer.elapsedMs = msSince(started);
  return answer;
}

PromptAnswer VideoEngine::setPrompts(int frame, int objectId,
                                     const project::FramePrompts& prompts) {
  torch::NoGradGuard noGrad;
  PromptAnswer answer;
  const auto started = Clock::now();
  answer.result = keepingObjectsOnRefusal(objectId, [&] {
    std::optional<FrameMasks> masks;
    if (m_session->hasObject(objectId)) masks = m_session->clearFramePrompts(frame, objectId);
    for (size_t i = 0; i < prompts.inputs.size(); ++i)
      masks = runInput(frame, objectId, prompts.inputs[i], i == 0);
    if (!masks) masks = m_session->frameMasks(frame);
    return toDocumentFrame(
        *masks, prompts.empty() ? project::MaskSource::Tracked : project::MaskSource::Prompted);
  });
  answer.elapsedMs = msSince(started);
  return answer;
}

PropagateResult VideoEngine::propagate(const PropagateRequest& request, const FrameSink& onFrame,
                                       const ProgressCallback& onProgress,
                                       const CancelToken* cancel) {
  torch::NoGradGuard noGrad;
  return m_session->propagate(
      request,
      [&](const FrameMasks& masks) {
        if (onFrame) onFrame(toDocumentFrame(masks, project::MaskSource::Tracked));
      },
      onProgress, cancel);
}

std::vector<DocumentFrame> VideoEngine::removeObject(int objectId) {
  torch::NoGradGuard noGrad;
  std::vector<DocumentFrame> frames;
  if (!m_session->hasObject(objectId)) return frames;
  for (const auto& masks : m_session->removeObject(objectId).updatedFrames)
    frames.push_back(toDocumentFrame(masks, project::MaskSource::Tracked));
  return frames;
}

std::vector<std::string> VideoEngine::rebuild(const PromptTable& prompts) {
  torch::NoGradGuard noGrad;
  m_session->reset();
  std::vector<std::string> refused;
  for (const auto& [key, framePrompts] : prompts) {
    try {
      for (size_t i = 0; i < framePrompts.inputs.size(); ++i)
        runInput(key.first, key.second, framePrompts.inputs[i], i == 0);
    } catch (const Error& error) {
      refused.push_back("object " + std::to_string(key.second) + ", frame " +
                        std::to_string(key.first) + ": " + error.what());
      if (m_session->hasObject(key.second)) m_session->clearFramePrompts(key.first, key.second);
    }
  }
  return refused;
}

void VideoEngine::reset() {
  m_session->reset();
}

cv::Mat VideoEngine::frameRgb(int frame) {
  if (!m_frames) throw Error("internal: this video engine was opened without its frames");
  return m_frames->frame(frame).rgb;
}

std::vector<int> VideoEngine::damagedFrames() const {
  return m_frames ? m_frames->damagedFrames() : std::vector<int>{};
}

}  // namespace masklet::tracker
