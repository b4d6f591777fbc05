// VideoSession's prompts: points, boxes and masks added to a frame, prompts cleared from a
// frame, objects removed; each answers with the frame's masks.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/error.h"
#include "tracker/mask_postprocess.h"
#include "tracker/video_session.h"

namespace masklet::tracker {

namespace {

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

}  // namespace

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

}  // namespace masklet::tracker
