#pragma once
// One video's interactive tracking state and every operation a user performs on it: the
// official SAM2VideoPredictor (sam2/sam2_video_predictor.py, 12/2024) in C++. Objects are
// client-chosen ids, each tracked independently with its own memory bank; prompts (points,
// box, mask) may come on any frame at any time, also after propagation; a prompt on a frame
// the object was already tracked on is a correction that uses the memory and the previous
// mask logits.
//
// Frames come from a FrameProvider and are encoded on demand through a bounded feature cache;
// per-frame outputs are kept compact (low-res logits, bfloat16 memory features, object
// pointer); video-resolution masks are made when returned.
//
// Refused operations throw masklet::Error with the reference's message (plus Masklet's own
// checks: frame range, prompts inside the frame) and leave the session usable. Where the
// reference registers a new object before refusing a prompt, so does this port (parity).
//
// Thread-safety: none. One worker thread owns a VideoSession with its model and provider; the
// only cross-thread access is the CancelToken handed to propagate().
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "model/sam2_model.h"
#include "tracker/conditioned_feature_cache.h"
#include "tracker/convergence_check.h"
#include "tracker/feature_cache.h"
#include "tracker/frame_provider.h"
#include "tracker/object_state.h"
#include "tracker/prompt_store.h"
#include "tracker/propagate_types.h"
#include "tracker/sam2_tracking.h"
#include "tracker/track_state_spill.h"
#include "tracker/video_tracking_options.h"

namespace masklet::tracker {

// The candidates a multimask prompt chose from (the reference keeps the one of highest
// predicted IoU): one object's masks at video resolution, hole-filled like the chosen one.
struct MaskCandidates {
  int64_t objectId = 0;
  torch::Tensor maskLogits;  // float32 on the CPU [candidates, 1, video height, video width]
  std::vector<float> ious;   // predicted IoU of each candidate
};

// The masks of all objects on one frame, at video resolution.
struct FrameMasks {
  int64_t frame = -1;
  std::vector<int64_t> objectIds;  // in the session's object order
  // float32 on the CPU [objects, 1, video height, video width]; > 0 = object.
  torch::Tensor maskLogits;
  // Per object (same order): the object-score logit and the predicted IoU of its mask; NaN
  // where the object has no output on the frame.
  std::vector<float> objectScores;
  std::vector<float> predictedIous;
  // Set by a point prompt that ran with multimask output (a single click), else empty.
  std::optional<MaskCandidates> candidates = {};
};

// Points and/or a box for one object on one frame (add_new_points_or_box).
struct PointPrompt {
  std::vector<PromptPoint> points;  // video pixels
  std::vector<int> labels;          // one per point: 1 positive, 0 negative
  std::optional<PromptBox> box;     // only as the first prompt on the frame, or with clearOldPoints
  bool clearOldPoints = true;       // false appends to the frame's earlier points
};

struct RemoveResult {
  std::vector<int64_t> objectIds;         // the remaining objects
  std::vector<FrameMasks> updatedFrames;  // the frames the removed object had prompts on
};

using FrameCallback = std::function<void(const FrameMasks&)>;

class VideoSession {
 public:
  // Throws masklet::Error when the model or frames are missing, the video is empty or an
  // option is invalid.
  VideoSession(std::shared_ptr<const model::Sam2Model> model, FrameProviderPtr frames,
               VideoTrackingOptions options);

  // add_new_points_or_box: the object's masks on `frame` after adding the prompt (all
  // objects, consolidated). Not memory-encoded until the next propagate().
  FrameMasks addPoints(int64_t frame, int64_t objectId, const PointPrompt& prompt);
  // add_new_mask: `mask` bool/0-1 [H, W] (any size; resized to the model's input size).
  FrameMasks addMask(int64_t frame, int64_t objectId, const torch::Tensor& mask);

  // propagate_in_video: tracks every object frame by frame from the start frame, calling
  // onFrame with each frame's masks as soon as it is done and onProgress(done, total). The
  // cancel token is checked between frames: cancelling keeps every finished frame (result
  // says how far it got). Throws (reference messages) when there is no object or an object
  // has no prompt.
  PropagateResult propagate(const PropagateRequest& request, const FrameCallback& onFrame,
                            const ProgressCallback& onProgress = {},
                            const CancelToken* cancel = nullptr);

  // remove_object: unknown ids are ignored unless `strict` (then refused).
  RemoveResult removeObject(int64_t objectId, bool strict = false);
  // clear_all_prompts_in_frame: drops the object's prompts on `frame`; a conditioning output
  // there becomes an ordinary tracked frame. Returns the frame's masks afterwards.
  FrameMasks clearFramePrompts(int64_t frame, int64_t objectId);
  // reset_state: drops all objects, prompts and results (cached image features stay).
  void reset();

  // Encodes `frame` into the feature cache ahead of a prompt (the reference's init_state warms
  // up frame 0 this way).
  void encodeFrame(int64_t frame);

  // The current masks on `frame` of every object (NO_OBJ logits where an object has none).
  FrameMasks frameMasks(int64_t frame);

  const std::vector<int64_t>& objectIds() const { return m_objectIds; }
  bool hasObject(int64_t objectId) const;
  // Frames with a prompt of the object / frames it was tracked on, ascending (empty if unknown).
  std::vector<int64_t> promptedFrames(int64_t objectId) const;
  std::vector<int64_t> trackedFrames(int64_t objectId) const;

  int64_t frameCount() const { return m_numFrames; }
  int videoWidth() const { return m_videoWidth; }
  int videoHeight() const { return m_videoHeight; }
  const VideoTrackingOptions& options() const { return m_options; }
  const FeatureCache& featureCache() const { return m_featureCache; }
  const ConditionedFeatureCache& conditionedCache() const { return m_conditionedCache; }
  void setFeatureCacheFrames(std::size_t frames) { m_featureCache.setCapacity(frames); }
  // The per-frame tracking state and how much of it is in RAM / on disk.
  const TrackStateSpill& trackState() const { return m_spill; }

 private:
  int64_t objectIndex(int64_t objectId);  // _obj_id_to_idx: registers unknown ids
  BackboneFeatures imageFeatures(int64_t frame);
  TrackOutput runSingleFrameInference(ObjectState& object, int64_t frame, bool isInitCondFrame,
                                      const std::optional<PointInputs>& pointInputs,
                                      const std::optional<torch::Tensor>& maskInputs, bool reverse,
                                      bool runMemEncoder,
                                      const std::optional<torch::Tensor>& prevSamMaskLogits);
  MemoryEncoding runMemoryEncoder(int64_t frame, const torch::Tensor& highResMasks,
                                  const torch::Tensor& objectScoreLogits, bool isMaskFromPts);
  std::vector<torch::Tensor> sharedMaskmemPosEnc(const std::vector<torch::Tensor>& posEnc);
  FrameMasks promptResult(int64_t frame, int64_t objectIndex, bool isInitCondFrame, bool isCond,
                          const std::optional<PointInputs>& pointInputs,
                          const std::optional<torch::Tensor>& maskInputs,
                          const std::optional<torch::Tensor>& prevSamMaskLogits);
  // isCond: which temporary outputs count (the reference's choice); nullopt: any, newest first.
  FrameMasks consolidateAtVideoRes(int64_t frame, std::optional<bool> isCond);
  torch::Tensor videoResOutput(const torch::Tensor& anyResMasks) const;
  void preflight();
  void clearNonCondMemoryAround(ObjectState& object, int64_t frame);
  void clearPromptsNoOutput(int64_t objectIndex, int64_t frame);
  bool anyTempCondOutput(int64_t frame) const;
  void checkPointPrompt(const PointPrompt& prompt) const;
  void loadMemoryFrames(ObjectState& object, int64_t frame, bool isInitCondFrame, bool reverse);
  // Whether every object has a stored output on each of these frames.
  bool coversFrames(const std::vector<int64_t>& frames) const;
  // Tracks every object on one frame of a propagation; the verdict of the convergence check
  // (nothing when all objects kept conditioning outputs).
  std::optional<bool> propagateFrame(int64_t frame, bool reverse, const ConvergenceCheck* check,
                                     const FrameCallback& onFrame);

  std::shared_ptr<const model::Sam2Model> m_model;
  Sam2Tracking m_tracking;
  FrameProviderPtr m_frames;
  VideoTrackingOptions m_options;
  int64_t m_numFrames;
  int m_videoWidth;
  int m_videoHeight;
  int64_t m_imageSize;
  torch::Device m_device;  // the model's
  FeatureCache m_featureCache;
  ConditionedFeatureCache m_conditionedCache;
  std::vector<torch::Tensor> m_maskmemPosEnc;  // the same for every frame and object
  std::vector<int64_t> m_objectIds;            // index = the model-side object index
  std::vector<ObjectState> m_objects;
  TrackStateSpill m_spill;
};

}  // namespace masklet::tracker
