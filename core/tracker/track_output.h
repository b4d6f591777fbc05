#pragma once
// Plain data exchanged between Sam2Tracking (the SAM2Base methods) and the video session: one
// frame's prepared image features, prompts, and the per-frame tracking output that forms the
// memory bank. Field names mirror the reference's dict keys so the port stays checkable.
// An undefined torch::Tensor stands for the reference's None.
#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace masklet::tracker {

// Placeholder mask logit for frames where the object is predicted absent (sam2_base.NO_OBJ_SCORE).
inline constexpr float kNoObjScore = -1024.0f;

// Point prompts of one frame, in the model's input pixel space (video coordinates already scaled
// by image_size / video size, as add_new_points_or_box does). A box is two points labelled 2, 3.
struct PointInputs {
  torch::Tensor point_coords;  // float32 [B, N, 2] (x, y)
  torch::Tensor point_labels;  // int32 [B, N]: 1 positive, 0 negative, 2/3 box corners, -1 pad
};

// Feature-map size (height, width) of one backbone level.
using FeatSize = std::array<int64_t, 2>;

// One frame's backbone features after _prepare_backbone_features: the last num_feature_levels
// levels (3 with high-res features in SAM: stride 4, 8, 16; else only stride 16), flattened
// seq-first. Levels 0/1 already went through sam_mask_decoder.conv_s0/conv_s1.
struct BackboneFeatures {
  std::vector<torch::Tensor> vision_feats;       // per level [H*W, B, C]
  std::vector<torch::Tensor> vision_pos_embeds;  // per level [H*W, B, C]
  std::vector<FeatSize> feat_sizes;              // per level (H, W)

  int64_t batchSize() const;
  // The same features for `batchSize` objects (a view, no copy), as the predictor's
  // _get_image_feature expands the cached batch-1 features to the number of objects.
  // Requires the current batch size to be 1 (or already equal to batchSize).
  BackboneFeatures expand(int64_t batchSize) const;
};

// The spatial memory of one frame (output of _encode_new_memory). SAM 2: a map
// [B, mem_dim, H, W]; EdgeTAM: perceiver latents [B, N, mem_dim] (memory_layout.h).
struct MemoryEncoding {
  torch::Tensor maskmem_features;              // map or latents (bfloat16 when stored)
  std::vector<torch::Tensor> maskmem_pos_enc;  // per level, same layout, float32
};

// The reference's `current_out` dict of track_step: what a frame produced for B objects.
struct TrackOutput {
  std::optional<PointInputs> point_inputs;
  torch::Tensor mask_inputs;  // [B, 1, S, S] or undefined
  // Low-res mask logits [B, 1, S/4, S/4]. The predictor replaces them by their hole-filled
  // version (fill_hole_area) before storing: later prompts and memory encoding read that.
  torch::Tensor pred_masks;
  torch::Tensor pred_masks_high_res;  // mask logits at image size [B, 1, S, S]
  torch::Tensor obj_ptr;              // [B, hidden_dim]
  torch::Tensor object_score_logits;  // [B, 1]
  // The IoU head's estimate for the chosen mask [B, 1] (not in the reference's dict: the
  // predictor discards it; kept for review signals, it changes no result).
  torch::Tensor predicted_iou;
  // With multimask output, all candidates the heads chose from, low-res [B, M, S/4, S/4] (same
  // object-score gating as pred_masks) and their predicted IoU [B, M]; else undefined. Not in
  // the reference's dict either: only the prompt result shows them, they change no result.
  torch::Tensor candidate_masks;
  torch::Tensor candidate_ious;
  torch::Tensor maskmem_features;              // [B, mem_dim, H, W] / [B, N, mem_dim], or undefined
  std::vector<torch::Tensor> maskmem_pos_enc;  // empty when not encoded
  // Identity of these values (process-wide unique; 0 = not yet stored): caches of what was
  // computed from a memory frame compare it to know that the memory is still the same.
  uint64_t generation = 0;
};

// A new, never used TrackOutput::generation.
uint64_t nextOutputGeneration();

// The reference's output_dict of one object (or of a batch of objects run together): memory
// frames used by _prepare_memory_conditioned_features.
struct OutputDict {
  std::map<int64_t, TrackOutput> cond_frame_outputs;
  std::map<int64_t, TrackOutput> non_cond_frame_outputs;
};

}  // namespace masklet::tracker
