#include "tracker/video_session.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>

#include "common/error.h"
#include "tracker/mask_postprocess.h"
#include "tracker/memory_layout.h"

namespace masklet::tracker {

namespace {

constexpr float kNoSignal = std::numeric_limits<float>::quiet_NaN();

// The review signals of one object's output (index i of the frame's objects).
void addSignals(const TrackOutput& out, std::vector<float>& scores, std::vector<float>& ious,
                int64_t i) {
  if (out.object_score_logits.defined())
    scores[size_t(i)] = out.object_score_logits.flatten()[0].item<float>();
  if (out.predicted_iou.defined()) ious[size_t(i)] = out.predicted_iou.flatten()[0].item<float>();
}

// Python's repr of a list of ints, as the reference's messages print object ids.
std::string pythonList(const std::vector<int64_t>& ids) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < ids.size(); ++i) out << (i ? ", " : "") << ids[i];
  out << ']';
  return out.str();
}

std::string formatPoint(float x, float y) {
  std::ostringstream out;
  out << '(' << x << ", " << y << ')';
  return out.str();
}

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
    const auto encoded = m_tracking.forwardImage(image.to(m_device, torch::kFloat32).unsqueeze(0));
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

void VideoSession::checkPointPrompt(const PointPrompt& prompt) const {
  if (prompt.points.size() != prompt.labels.size())
    throw Error("points and labels must be provided together: got " +
                std::to_string(prompt.points.size()) + " points and " +
                std::to_string(prompt.labels.size()) + " labels");
  const auto inside = [this](float x, float y) {
    return std::isfinite(x) && std::isfinite(y) && x >= 0 && y >= 0 && x <= m_videoWidth &&
           y <= m_videoHeight;
  };
  const std::string frameSize = std::to_string(m_videoWidth) + "x" + std::to_string(m_videoHeight);
  for (std::size_t i = 0; i < prompt.points.size(); ++i) {
    const auto& p = prompt.points[i];
    if (!inside(p.x, p.y))
      throw Error("point " + formatPoint(p.x, p.y) + " is outside the video frame (" + frameSize +
                  " pixels); click inside the frame");
    if (prompt.labels[i] != 0 && prompt.labels[i] != 1)
      throw Error("point label " + std::to_string(prompt.labels[i]) +
                  " is not valid: use 1 for a positive and 0 for a negative point");
  }
  if (prompt.box) {
    const auto& b = *prompt.box;
    if (!inside(b.x0, b.y0) || !inside(b.x1, b.y1))
      throw Error("box " + formatPoint(b.x0, b.y0) + "-" + formatPoint(b.x1, b.y1) +
                  " is outside the video frame (" + frameSize + " pixels)");
    if (b.x0 > b.x1 || b.y0 > b.y1)
      throw Error("box " + formatPoint(b.x0, b.y0) + "-" + formatPoint(b.x1, b.y1) +
                  " must be given as top-left then bottom-right corner");
  }
}

FrameMasks VideoSession::addPoints(int64_t frame, int64_t objectId, const PointPrompt& prompt) {
  c10::InferenceMode guard;
  model::PrecisionScope precision(m_options.precision, m_device);
  // Masklet's own checks come first, so a bad click never leaves a new empty object behind.
  checkFrameIndex(frame, m_numFrames);
  checkPointPrompt(prompt);
  // From here on the reference's order: the object is registered before its checks.
  const int64_t idx = objectIndex(objectId);
  if (prompt.points.empty() && !prompt.box)
    throw Error("at least one of points or box must be provided as input");
  if (prompt.box && !prompt.clearOldPoints)
    throw Error(
        "cannot add box without clearing old points, since box prompt must be provided before "
        "any point prompt (please use clear_old_points=True instead)");

  auto& object = m_objects[idx];
  auto added = makePointInputs(prompt.points, prompt.labels, prompt.box, m_videoWidth,
                               m_videoHeight, m_imageSize);
  added.point_coords = added.point_coords.to(m_device);
  added.point_labels = added.point_labels.to(m_device);
  const auto old = prompt.clearOldPoints ? std::nullopt : object.prompts.points(frame);
  const PointInputs pointInputs = concatPoints(old, added);
  object.prompts.setPoints(frame, pointInputs);

  // An untracked frame is an initial conditioning frame (plain SAM); a tracked one gets a
  // correction that uses the memory.
  const auto tracked = object.framesTracked.find(frame);
  const bool isInitCondFrame = tracked == object.framesTracked.end();
  const bool isCond = isInitCondFrame || m_options.addAllFramesToCorrectAsCond;
  // The previous mask logits on this frame go into the decoder along with the new clicks.
  m_spill.loadFrame(object, frame);
  std::optional<torch::Tensor> prevSamMaskLogits;
  if (const auto* prev = object.latestOutput(frame, isCond);
      prev != nullptr && prev->pred_masks.defined())
    prevSamMaskLogits = torch::clamp(prev->pred_masks, -32.0, 32.0);
  return promptResult(frame, idx, isInitCondFrame, isCond, pointInputs, std::nullopt,
                      prevSamMaskLogits);
}

FrameMasks VideoSession::addMask(int64_t frame, int64_t objectId, const torch::Tensor& mask) {
  c10::InferenceMode guard;
  model::PrecisionScope precision(m_options.precision, m_device);
  checkFrameIndex(frame, m_numFrames);
  if (!mask.defined() || mask.dim() != 2 || mask.size(0) < 1 || mask.size(1) < 1) {
    std::ostringstream got;
    if (mask.defined()) got << mask.sizes();
    throw Error("a mask prompt must be a 2-D mask [height, width], got " +
                (mask.defined() ? got.str() : std::string("nothing")));
  }
  const int64_t idx = objectIndex(objectId);
  const auto maskOrig = mask.unsqueeze(0).unsqueeze(0).to(m_device, torch::kFloat32);
  torch::Tensor maskInputs = maskOrig;
  if (mask.size(0) != m_imageSize || mask.size(1) != m_imageSize) {
    namespace F = torch::nn::functional;
    maskInputs = F::interpolate(maskOrig, F::InterpolateFuncOptions()
                                              .size(std::vector<int64_t>{m_imageSize, m_imageSize})
                                              .mode(torch::kBilinear)
                                              .align_corners(false)
                                              .antialias(true));
    maskInputs = (maskInputs >= 0.5).to(torch::kFloat32);
  }
  auto& object = m_objects[idx];
  object.prompts.setMask(frame, maskInputs);
  const bool isInitCondFrame = object.framesTracked.count(frame) == 0;
  const bool isCond = isInitCondFrame || m_options.addAllFramesToCorrectAsCond;
  return promptResult(frame, idx, isInitCondFrame, isCond, std::nullopt, maskInputs, std::nullopt);
}

FrameMasks VideoSession::promptResult(int64_t frame, int64_t objectIndex, bool isInitCondFrame,
                                      bool isCond, const std::optional<PointInputs>& pointInputs,
                                      const std::optional<torch::Tensor>& maskInputs,
                                      const std::optional<torch::Tensor>& prevSamMaskLogits) {
  auto& object = m_objects[objectIndex];
  const bool reverse = isInitCondFrame ? false : object.framesTracked.at(frame);
  // The memory encoder is skipped here: propagate() encodes the final prompt outputs.
  auto current = runSingleFrameInference(object, frame, isInitCondFrame, pointInputs, maskInputs,
                                         reverse, /*runMemEncoder=*/false, prevSamMaskLogits);
  std::optional<MaskCandidates> candidates;
  if (current.candidate_masks.defined()) {
    // [1, M, h, w] -> [M, 1, h, w]: each candidate post-processed as the chosen mask is.
    const auto lowRes = current.candidate_masks.transpose(0, 1).contiguous();
    const auto filled = fillHolesInMaskScores(lowRes, m_options.fillHoleArea);
    const auto ious = current.candidate_ious.flatten().cpu().contiguous();
    candidates =
        MaskCandidates{m_objectIds[size_t(objectIndex)],
                       resizeMaskLogits(filled, m_videoHeight, m_videoWidth).to(torch::kCPU),
                       {ious.data_ptr<float>(), ious.data_ptr<float>() + ious.numel()}};
    current.candidate_masks = torch::Tensor();  // the memory bank keeps only the chosen one
    current.candidate_ious = torch::Tensor();
  }
  outputsOf(object.tempOutputs, isCond).insert_or_assign(frame, std::move(current));
  auto masks = consolidateAtVideoRes(frame, isCond);
  masks.candidates = std::move(candidates);
  m_spill.enforceBudget(m_objects);
  return masks;
}

FrameMasks VideoSession::consolidateAtVideoRes(int64_t frame, std::optional<bool> isCond) {
  const auto numObjects = static_cast<int64_t>(m_objects.size());
  std::vector<float> scores(size_t(numObjects), kNoSignal), ious(size_t(numObjects), kNoSignal);
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
    addSignals(*out, scores, ious, i);
  }
  FrameMasks result{frame, m_objectIds, videoResOutput(consolidated), {}, {}};
  result.objectScores = std::move(scores);
  result.predictedIous = std::move(ious);
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

void VideoSession::clearNonCondMemoryAround(ObjectState& object, int64_t frame) {
  // Nearby tracked memories may still show the object as it was before the correction.
  const auto& cfg = m_model->config();
  const int64_t reach = cfg.memory_temporal_stride_for_eval * cfg.num_maskmem;
  auto& nonCond = object.outputs.non_cond_frame_outputs;
  nonCond.erase(nonCond.lower_bound(frame - reach), nonCond.upper_bound(frame + reach));
}

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
  std::vector<float> scores(m_objects.size(), kNoSignal), ious(m_objects.size(), kNoSignal);
  for (auto& object : m_objects) {
    const auto index = int64_t(predMasks.size());
    auto& condOutputs = object.outputs.cond_frame_outputs;
    if (auto cond = condOutputs.find(frame); cond != condOutputs.end()) {
      // Prompted frames keep their consolidated output (objects may differ in clicks).
      m_spill.load(cond->second);
      predMasks.push_back(cond->second.pred_masks);
      addSignals(cond->second, scores, ious, index);
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
      addSignals(current, scores, ious, index);
      object.outputs.non_cond_frame_outputs.insert_or_assign(frame, std::move(current));
    }
    object.framesTracked[frame] = reverse;
  }
  const auto allMasks = predMasks.size() > 1 ? torch::cat(predMasks, 0) : predMasks.front();
  if (onFrame) {
    FrameMasks masks{frame, m_objectIds, videoResOutput(allMasks), {}, {}};
    masks.objectScores = std::move(scores);
    masks.predictedIous = std::move(ious);
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

void VideoSession::clearPromptsNoOutput(int64_t objectIndex, int64_t frame) {
  auto& object = m_objects[objectIndex];
  object.prompts.clearFrame(frame);
  object.tempOutputs.cond_frame_outputs.erase(frame);
  object.tempOutputs.non_cond_frame_outputs.erase(frame);
  // Without prompts the frame is no longer conditioning: its output becomes an ordinary
  // tracked memory, and the frame counts as untracked (a new prompt there starts afresh).
  auto node = object.outputs.cond_frame_outputs.extract(frame);
  if (!node.empty()) {
    object.outputs.non_cond_frame_outputs.insert_or_assign(frame, std::move(node.mapped()));
    object.framesTracked.erase(frame);
  }
}

FrameMasks VideoSession::clearFramePrompts(int64_t frame, int64_t objectId) {
  c10::InferenceMode guard;
  model::PrecisionScope precision(m_options.precision, m_device);
  checkFrameIndex(frame, m_numFrames);
  const int64_t idx = objectIndex(objectId);
  clearPromptsNoOutput(idx, frame);
  auto masks = consolidateAtVideoRes(frame, anyTempCondOutput(frame));
  m_spill.enforceBudget(m_objects);
  return masks;
}

RemoveResult VideoSession::removeObject(int64_t objectId, bool strict) {
  c10::InferenceMode guard;
  RemoveResult result;
  const auto it = std::find(m_objectIds.begin(), m_objectIds.end(), objectId);
  if (it == m_objectIds.end()) {
    if (strict)
      throw Error("Cannot remove object id " + std::to_string(objectId) +
                  " as it doesn't exist. All existing object ids: " + pythonList(m_objectIds) +
                  ".");
    result.objectIds = m_objectIds;
    return result;
  }
  if (m_objects.size() == 1) {
    reset();
    result.objectIds = m_objectIds;
    return result;
  }
  const int64_t idx = it - m_objectIds.begin();
  // Clearing the prompts first downgrades the object's conditioning frames, as the reference.
  const auto frames = m_objects[idx].prompts.promptedFrames();
  for (const int64_t frame : frames) clearPromptsNoOutput(idx, frame);
  m_conditionedCache.dropObject(objectId);
  m_objects.erase(m_objects.begin() + idx);
  m_objectIds.erase(m_objectIds.begin() + idx);
  // The frames it was prompted on may now show objects it used to cover.
  for (const int64_t frame : frames)
    result.updatedFrames.push_back(consolidateAtVideoRes(frame, anyTempCondOutput(frame)));
  result.objectIds = m_objectIds;
  m_spill.enforceBudget(m_objects);
  return result;
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

FrameMasks VideoSession::frameMasks(int64_t frame) {
  c10::InferenceMode guard;
  checkFrameIndex(frame, m_numFrames);
  auto masks = consolidateAtVideoRes(frame, std::nullopt);
  m_spill.enforceBudget(m_objects);
  return masks;
}

}  // namespace masklet::tracker
