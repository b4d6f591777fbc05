// VideoSession's propagation: the prompted frames' memories encoded, then every object tracked
// frame by frame, with cancelling and the stop once a re-track agrees with the run before.
#include <algorithm>

#include "common/error.h"
#include "tracker/frame_signals.h"
#include "tracker/mask_postprocess.h"
#include "tracker/video_session.h"

namespace masklet::tracker {

void VideoSession::preflight() {
  if (m_objects.empty())
    throw Error("No input points or masks are provided for any object; please add inputs first.");
  for (auto& object : m_objects) {
    for (const bool isCond : {false, true}) {
      auto& temp = outputsOf(object.tempOutputs, isCond);
      for (auto& [frame, out] : temp) {
        if (!out.maskmem_features.defined()) {
          // Memory of the frames the user just prompted, encoded from the final masks.
          namespace F = torch::nn::functional;
          const auto highResMasks = F::interpolate(
              out.pred_masks, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{m_imageSize, m_imageSize})
                                  .mode(torch::kBilinear)
                                  .align_corners(false));
          auto encoding = runMemoryEncoder(frame, highResMasks, out.object_score_logits,
                                           /*isMaskFromPts=*/true);
          out.maskmem_features = encoding.maskmem_features;
          out.maskmem_pos_enc = encoding.maskmem_pos_enc;
          out.generation = nextOutputGeneration();
        }
        outputsOf(object.outputs, isCond).insert_or_assign(frame, out);
        if (m_options.clearNonCondMemAroundInput) clearNonCondMemoryAround(object, frame);
      }
      temp.clear();
    }
    if (object.outputs.cond_frame_outputs.empty())
      throw Error("No input points or masks are provided for object id " +
                  std::to_string(object.id) + "; please add inputs first.");
    // A frame that became conditioning is no longer an ordinary tracked memory.
    for (const auto& [frame, out] : object.outputs.cond_frame_outputs)
      object.outputs.non_cond_frame_outputs.erase(frame);
  }
}

void VideoSession::clearNonCondMemoryAround(ObjectState& object, int64_t frame) {
  // Nearby tracked memories may still show the object as it was before the correction.
  const auto& cfg = m_model->config();
  const int64_t reach = cfg.memory_temporal_stride_for_eval * cfg.num_maskmem;
  auto& nonCond = object.outputs.non_cond_frame_outputs;
  nonCond.erase(nonCond.lower_bound(frame - reach), nonCond.upper_bound(frame + reach));
}

PropagateResult VideoSession::propagate(const PropagateRequest& request,
                                        const FrameCallback& onFrame,
                                        const ProgressCallback& onProgress,
                                        const CancelToken* cancel) {
  c10::InferenceMode guard;
  model::PrecisionScope precision(m_options.precision, m_device);
  std::optional<ConvergenceCheck> check;  // a bad rule is refused before anything changes
  if (request.stopWhenConverged) check.emplace(*request.stopWhenConverged);
  if (request.startFrame) checkFrameIndex(*request.startFrame, m_numFrames);
  if (request.maxFrames && *request.maxFrames < 0)
    throw Error("the number of frames to propagate must not be negative, got " +
                std::to_string(*request.maxFrames));
  preflight();

  int64_t start = 0;
  if (request.startFrame) {
    start = *request.startFrame;
  } else {
    // The earliest frame any object has a prompt on.
    start = m_numFrames;
    for (const auto& object : m_objects)
      start = std::min(start, object.outputs.cond_frame_outputs.begin()->first);
  }
  const int64_t maxFrames = request.maxFrames.value_or(m_numFrames);
  std::vector<int64_t> order;
  if (request.reverse) {
    const int64_t end = std::max<int64_t>(start - maxFrames, 0);
    if (start > 0)  // nothing to do backwards from frame 0
      for (int64_t f = start; f >= end; --f) order.push_back(f);
  } else {
    const int64_t end = std::min(start + maxFrames, m_numFrames - 1);
    for (int64_t f = start; f <= end; ++f) order.push_back(f);
  }

  PropagateResult result;
  result.framesPlanned = static_cast<int64_t>(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (cancel != nullptr && cancel->isCancelled()) {
      result.cancelled = true;
      result.stop = PropagateStop::Cancelled;
      break;
    }
    const int64_t frame = order[i];
    const auto verdict = propagateFrame(frame, request.reverse, check ? &*check : nullptr, onFrame);
    m_spill.enforceBudget(m_objects);
    ++result.framesDone;
    result.lastFrame = frame;
    if (onProgress) onProgress(result.framesDone, result.framesPlanned);
    if (check) {
      check->addFrame(verdict);
      // Only where the earlier run covers what is left, or frames would stay untracked.
      if (check->converged() && i + 1 < order.size() &&
          coversFrames({order.begin() + static_cast<std::ptrdiff_t>(i) + 1, order.end()})) {
        result.stop = PropagateStop::Converged;
        break;
      }
    }
  }
  return result;
}

std::optional<bool> VideoSession::propagateFrame(int64_t frame, bool reverse,
                                                 const ConvergenceCheck* check,
                                                 const FrameCallback& onFrame) {
  std::optional<bool> allAgree;
  std::vector<torch::Tensor> predMasks;
  FrameSignals signals(int64_t(m_objects.size()));
  for (auto& object : m_objects) {
    const auto index = int64_t(predMasks.size());
    auto& condOutputs = object.outputs.cond_frame_outputs;
    if (auto cond = condOutputs.find(frame); cond != condOutputs.end()) {
      // Prompted frames keep their consolidated output (objects may differ in clicks).
      m_spill.load(cond->second);
      predMasks.push_back(cond->second.pred_masks);
      signals.add(cond->second, index);
      if (m_options.clearNonCondMemAroundInput) clearNonCondMemoryAround(object, frame);
    } else {
      auto current = runSingleFrameInference(object, frame, /*isInitCondFrame=*/false, std::nullopt,
                                             std::nullopt, reverse,
                                             /*runMemEncoder=*/true, std::nullopt);
      if (check) {
        // The output being replaced, compared as the user sees it: at video resolution.
        auto& nonCond = object.outputs.non_cond_frame_outputs;
        const auto previous = nonCond.find(frame);
        if (previous != nonCond.end()) m_spill.load(previous->second);
        const bool agrees =
            previous != nonCond.end() &&
            check->agrees(
                resizeMaskLogits(current.pred_masks, m_videoHeight, m_videoWidth),
                resizeMaskLogits(previous->second.pred_masks, m_videoHeight, m_videoWidth));
        allAgree = allAgree.value_or(true) && agrees;
      }
      predMasks.push_back(current.pred_masks);
      signals.add(current, index);
      object.outputs.non_cond_frame_outputs.insert_or_assign(frame, std::move(current));
    }
    object.framesTracked[frame] = reverse;
  }
  const auto allMasks = predMasks.size() > 1 ? torch::cat(predMasks, 0) : predMasks.front();
  if (onFrame) {
    FrameMasks masks{frame, m_objectIds, videoResOutput(allMasks), {}, {}};
    signals.read(masks.objectScores, masks.predictedIous);
    onFrame(masks);
  }
  return allAgree;
}

bool VideoSession::coversFrames(const std::vector<int64_t>& frames) const {
  for (const auto& object : m_objects)
    for (const int64_t frame : frames)
      if (object.outputs.cond_frame_outputs.count(frame) == 0 &&
          object.outputs.non_cond_frame_outputs.count(frame) == 0)
        return false;
  return true;
}

}  // namespace masklet::tracker
