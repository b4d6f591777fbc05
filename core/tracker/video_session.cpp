#include "tracker/video_session.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "common/error.h"
#include "model/device.h"
#include "tracker/mask_postprocess.h"
#include "tracker/memory_layout.h"

namespace masklet::tracker {

namespace {

VideoTrackingOptions validated(VideoTrackingOptions options) {
  options.validate();
  return options;
}

}  // namespace

VideoSession::VideoSession(std::shared_ptr<const model::Sam2Model> model, FrameProviderPtr frames,
                           VideoTrackingOptions options)
    : m_model(std::move(model)),
      m_tracking(m_model),
      m_frames(std::move(frames)),
      m_options(validated(std::move(options))),
      m_numFrames(0),
      m_videoWidth(0),
      m_videoHeight(0),
      m_imageSize(m_model->config().image_size),
      m_device(m_model->device()),
      m_featureCache(m_options.featureCacheFrames, m_options.featureCacheDiskBytes,
                     m_options.cacheFolder),
      m_conditionedCache(m_options.conditionedCacheRamBytes, m_options.conditionedCacheDiskBytes,
                         m_options.cacheFolder),
      m_spill(m_options.trackStateRamBytes, m_options.cacheFolder, m_device) {
  if (!m_frames) throw Error("VideoSession: no frames (frame provider missing)");
  m_numFrames = m_frames->frameCount();
  m_videoWidth = m_frames->width();
  m_videoHeight = m_frames->height();
  if (m_numFrames < 1) throw Error("VideoSession: the video has no frames");
  if (m_videoWidth < 1 || m_videoHeight < 1)
    throw Error("VideoSession: the video size must be positive, got " +
                std::to_string(m_videoWidth) + "x" + std::to_string(m_videoHeight));
}

bool VideoSession::hasObject(int64_t objectId) const {
  return std::find(m_objectIds.begin(), m_objectIds.end(), objectId) != m_objectIds.end();
}

std::vector<int64_t> VideoSession::promptedFrames(int64_t objectId) const {
  auto it = std::find(m_objectIds.begin(), m_objectIds.end(), objectId);
  if (it == m_objectIds.end()) return {};
  const auto frames = m_objects[it - m_objectIds.begin()].prompts.promptedFrames();
  return {frames.begin(), frames.end()};
}

std::vector<int64_t> VideoSession::trackedFrames(int64_t objectId) const {
  auto it = std::find(m_objectIds.begin(), m_objectIds.end(), objectId);
  if (it == m_objectIds.end()) return {};
  std::vector<int64_t> frames;
  for (const auto& [frame, reverse] : m_objects[it - m_objectIds.begin()].framesTracked)
    frames.push_back(frame);
  return frames;
}

int64_t VideoSession::objectIndex(int64_t objectId) {
  auto it = std::find(m_objectIds.begin(), m_objectIds.end(), objectId);
  if (it != m_objectIds.end()) return it - m_objectIds.begin();
  // New objects are always welcome, also after tracking started (as the reference).
  m_objectIds.push_back(objectId);
  ObjectState object;
  object.id = objectId;
  m_objects.push_back(std::move(object));
  return static_cast<int64_t>(m_objects.size()) - 1;
}

BackboneFeatures VideoSession::imageFeatures(int64_t frame) {
  return m_featureCache.get(frame, [this](int64_t f) {
    checkFrameIndex(f, m_numFrames);
    const auto image = m_frames->modelInput(f);
    if (!image.defined() || image.dim() != 3 || image.size(0) != 3 ||
        image.size(1) != m_imageSize || image.size(2) != m_imageSize) {
      std::ostringstream got;
      if (image.defined()) got << image.sizes();
      throw Error("frame " + std::to_string(f) + ": the frame provider gave a model input of " +
                  (image.defined() ? got.str() : std::string("nothing")) + ", expected [3, " +
                  std::to_string(m_imageSize) + ", " + std::to_string(m_imageSize) + "]");
    }
    const auto encoded =
        m_tracking.forwardImage(model::toDevice(image, m_device, torch::kFloat32).unsqueeze(0));
    return m_tracking.prepareBackboneFeatures(encoded);
  });
}

std::vector<torch::Tensor> VideoSession::sharedMaskmemPosEnc(
    const std::vector<torch::Tensor>& posEnc) {
  if (posEnc.empty()) return {};
  // The memory's position encoding is the same for every frame and object: keep one copy.
  if (m_maskmemPosEnc.empty())
    for (const auto& x : posEnc) m_maskmemPosEnc.push_back(x.slice(0, 0, 1).clone());
  const int64_t batch = posEnc.front().size(0);
  std::vector<torch::Tensor> expanded;
  // [B, C, H, W] for SAM 2, [B, N, C] after EdgeTAM's perceiver.
  for (const auto& x : m_maskmemPosEnc) expanded.push_back(expandToBatch(x, batch));
  return expanded;
}

TrackOutput VideoSession::runSingleFrameInference(
    ObjectState& object, int64_t frame, bool isInitCondFrame,
    const std::optional<PointInputs>& pointInputs, const std::optional<torch::Tensor>& maskInputs,
    bool reverse, bool runMemEncoder, const std::optional<torch::Tensor>& prevSamMaskLogits) {
  const auto features = imageFeatures(frame);
  loadMemoryFrames(object, frame, isInitCondFrame, reverse);
  const TrackOutput out =
      m_tracking.trackStep(frame, isInitCondFrame, features, pointInputs, maskInputs,
                           object.outputs, m_numFrames, reverse, runMemEncoder, prevSamMaskLogits,
                           m_options.memoryPrecision, &m_conditionedCache, object.id);
  // The compact output the memory bank keeps (no high-res masks, no prompts).
  TrackOutput compact;
  compact.maskmem_features = out.maskmem_features;
  compact.maskmem_pos_enc = sharedMaskmemPosEnc(out.maskmem_pos_enc);
  compact.pred_masks = fillHolesInMaskScores(out.pred_masks, m_options.fillHoleArea);
  compact.obj_ptr = out.obj_ptr;
  compact.object_score_logits = out.object_score_logits;
  compact.predicted_iou = out.predicted_iou;
  compact.generation = nextOutputGeneration();
  if (pointInputs && out.candidate_masks.defined()) {  // for the prompt result only
    compact.candidate_masks = out.candidate_masks;
    compact.candidate_ious = out.candidate_ious;
  }
  return compact;
}

void VideoSession::loadMemoryFrames(ObjectState& object, int64_t frame, bool isInitCondFrame,
                                    bool reverse) {
  // The spatial memories this frame attends to must be in RAM (object pointers always are).
  if (isInitCondFrame || m_model->config().num_maskmem == 0 ||
      object.outputs.cond_frame_outputs.empty())
    return;
  const auto selection =
      m_tracking.selectMemory(frame, false, object.outputs, m_numFrames, reverse);
  for (const auto& memory : selection.spatial) m_spill.loadFrame(object, memory.frame);
}

MemoryEncoding VideoSession::runMemoryEncoder(int64_t frame, const torch::Tensor& highResMasks,
                                              const torch::Tensor& objectScoreLogits,
                                              bool isMaskFromPts) {
  const auto features = imageFeatures(frame);
  auto encoding = m_tracking.encodeNewMemory(features, highResMasks, objectScoreLogits,
                                             isMaskFromPts, m_options.memoryPrecision);
  encoding.maskmem_pos_enc = sharedMaskmemPosEnc(encoding.maskmem_pos_enc);
  return encoding;
}

void VideoSession::reset() {
  m_conditionedCache.clear();
  m_spill.clear();
  m_objects.clear();
  m_objectIds.clear();
}

void VideoSession::encodeFrame(int64_t frame) {
  c10::InferenceMode guard;
  model::PrecisionScope precision(m_options.precision, m_device);
  checkFrameIndex(frame, m_numFrames);
  imageFeatures(frame);
}

}  // namespace masklet::tracker
