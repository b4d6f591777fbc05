// VideoSession's answers at video resolution: every object's mask on one frame gathered from
// the stored and the not yet encoded outputs, with its review signals.
#include <algorithm>

#include "tracker/frame_signals.h"
#include "tracker/mask_postprocess.h"
#include "tracker/video_session.h"

namespace masklet::tracker {

FrameMasks VideoSession::consolidateAtVideoRes(int64_t frame, std::optional<bool> isCond) {
  const auto numObjects = static_cast<int64_t>(m_objects.size());
  FrameSignals signals(numObjects);
  auto consolidated = torch::full({numObjects, 1, m_videoHeight, m_videoWidth}, kNoObjScore,
                                  torch::TensorOptions().dtype(torch::kFloat32).device(m_device));
  for (int64_t i = 0; i < numObjects; ++i) {
    auto& object = m_objects[i];
    m_spill.loadFrame(object, frame);
    const TrackOutput* out = nullptr;
    if (isCond) {
      out = object.latestOutput(frame, *isCond);
    } else {
      out = findOutput(object.tempOutputs.cond_frame_outputs, frame);
      if (!out) out = object.latestOutput(frame, false);
    }
    if (out == nullptr) continue;  // no output yet: the NO_OBJ placeholder
    consolidated.slice(0, i, i + 1)
        .copy_(resizeMaskLogits(out->pred_masks, m_videoHeight, m_videoWidth));
    signals.add(*out, i);
  }
  FrameMasks result{frame, m_objectIds, videoResOutput(consolidated), {}, {}};
  signals.read(result.objectScores, result.predictedIous);
  return result;
}

torch::Tensor VideoSession::videoResOutput(const torch::Tensor& anyResMasks) const {
  auto masks = resizeMaskLogits(anyResMasks, m_videoHeight, m_videoWidth);
  if (m_options.nonOverlapMasks) masks = Sam2Tracking::applyNonOverlappingConstraints(masks);
  return masks.to(torch::kCPU);
}

bool VideoSession::anyTempCondOutput(int64_t frame) const {
  return std::any_of(m_objects.begin(), m_objects.end(), [frame](const ObjectState& object) {
    return object.tempOutputs.cond_frame_outputs.count(frame) != 0;
  });
}

FrameMasks VideoSession::frameMasks(int64_t frame) {
  c10::InferenceMode guard;
  checkFrameIndex(frame, m_numFrames);
  auto masks = consolidateAtVideoRes(frame, std::nullopt);
  m_spill.enforceBudget(m_objects);
  return masks;
}

}  // namespace masklet::tracker
