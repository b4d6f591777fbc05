#pragma once
// The per-frame methods of the reference SAM2Base (sam2/modeling/sam2_base.py, 12/2024):
// image features, SAM heads, memory conditioning, memory encoding and track_step. The weights
// live in an immutable model::Sam2Model; everything per video (the memory bank) is passed in
// by the caller (the video session), so one Sam2Tracking serves any number of objects.
//
// Thread-safety: not thread-safe. One worker thread owns a Sam2Tracking together with its
// Sam2Model; no method may run concurrently with another on the same model. All methods run
// without autograd (NoGradGuard; returned tensors are ordinary tensors, not inference tensors,
// so callers may modify them in place) and keep no state.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "model/image_encoder.h"
#include "model/sam2_model.h"
#include "tracker/track_output.h"

namespace masklet::tracker {

// How memory features are kept after encoding. The reference's video predictor stores them
// in bfloat16 (the rounding is part of its results); Float32 keeps the encoder's output as is.
enum class MemoryPrecision { BFloat16, Float32 };

// The 7 outputs of _forward_sam_heads / _use_mask_as_output, in the reference's order.
struct SamHeadOutputs {
  torch::Tensor low_res_multimasks;   // [B, M, S/4, S/4], M = 3 with multimask output, else 1
  torch::Tensor high_res_multimasks;  // [B, M, S, S]
  torch::Tensor ious;                 // [B, M]
  torch::Tensor low_res_masks;        // [B, 1, S/4, S/4] best mask
  torch::Tensor high_res_masks;       // [B, 1, S, S]
  torch::Tensor obj_ptr;              // [B, hidden_dim]
  torch::Tensor object_score_logits;  // [B, 1]
};

// What a frame cross-attends to in the memory attention: spatial memories of the selected
// frames (each a map's H*W positions, or EdgeTAM's perceiver latents), then the object-pointer
// tokens (the last num_obj_ptr_tokens rows).
struct MemoryInputs {
  torch::Tensor memory;      // [L, B, mem_dim] float32
  torch::Tensor memory_pos;  // [L, B, mem_dim]
  int64_t num_obj_ptr_tokens = 0;
  // How many memories the spatial part holds (1 for the no-memory token): EdgeTAM's RoPE
  // repeats its key grid this many times.
  int64_t num_spatial_mem = 0;
};

// The memory bank entries a frame attends to (step 1 of _prepare_memory_conditioned_features):
// spatial memories with their temporal slot, then object pointers with their temporal offset.
struct MemorySelection {
  struct SpatialMemory {
    int64_t tPos = 0;  // 0: conditioning frame; num_maskmem-1: the adjacent frame
    int64_t frame = 0;
    const TrackOutput* output = nullptr;
  };
  struct Pointer {
    int64_t pos = 0;  // temporal offset as the pointer's encoding sees it
    const TrackOutput* output = nullptr;
  };
  bool initCond = false;  // only the no-memory token
  std::vector<SpatialMemory> spatial;
  std::vector<Pointer> pointers;

  // What the memory attention's result depends on besides the frame itself: slots, frames and
  // the generations of the outputs used. Equal signatures give identical memory inputs.
  std::vector<int64_t> signature() const;
};

class ConditionedFeatureCache;

class Sam2Tracking {
 public:
  // Throws masklet::Error when `model` is null.
  explicit Sam2Tracking(std::shared_ptr<const model::Sam2Model> model);

  const model::Sam2Model& model() const { return *m_model; }

  // forward_image: image encoder on a preprocessed batch [B, 3, S, S] (S = image_size), with
  // backbone_fpn[0]/[1] replaced by sam_mask_decoder.conv_s0/conv_s1 of them when
  // use_high_res_features_in_sam.
  model::ImageEncoderOutput forwardImage(const torch::Tensor& image) const;

  // _prepare_backbone_features: the last num_feature_levels levels flattened to [HW, B, C].
  BackboneFeatures prepareBackboneFeatures(const model::ImageEncoderOutput& backboneOut) const;

  // track_step. `features` must have the batch size of the prompts / memories (B objects);
  // `outputDict` holds the memory frames of those objects. `numFrames` is the video length.
  // pointInputs and maskInputs are exclusive. prevSamMaskLogits (clamped low-res logits of an
  // earlier output on this frame) requires pointInputs. With runMemEncoder the new memory is
  // encoded and stored in `memoryPrecision` (the reference's track_step itself returns float32;
  // its predictor converts to bfloat16 before storing).
  TrackOutput trackStep(int64_t frameIdx, bool isInitCondFrame, const BackboneFeatures& features,
                        const std::optional<PointInputs>& pointInputs,
                        const std::optional<torch::Tensor>& maskInputs,
                        const OutputDict& outputDict, int64_t numFrames, bool trackInReverse,
                        bool runMemEncoder, const std::optional<torch::Tensor>& prevSamMaskLogits,
                        MemoryPrecision memoryPrecision = MemoryPrecision::BFloat16,
                        ConditionedFeatureCache* conditionedCache = nullptr,
                        int64_t cacheObjectId = 0) const;

  // _encode_new_memory (+ the predictor's storage conversion): predMasksHighRes [B,1,S,S]
  // logits, objectScoreLogits [B,1]. isMaskFromPts binarises the mask (> 0) instead of the
  // sigmoid when binarize_mask_from_pts_for_mem_enc is set. With a spatial perceiver (EdgeTAM)
  // the memory and its encoding are latents [B, N, mem_dim] (see memory_layout.h); the
  // storage conversion comes after the perceiver, as in the reference.
  MemoryEncoding encodeNewMemory(const BackboneFeatures& features,
                                 const torch::Tensor& predMasksHighRes,
                                 const torch::Tensor& objectScoreLogits, bool isMaskFromPts,
                                 MemoryPrecision memoryPrecision = MemoryPrecision::BFloat16) const;

  // _forward_sam_heads: backboneFeatures [B, C, H, W] (memory-conditioned), optional points,
  // optional mask prompt [B, 1, h, w] (resized to the prompt encoder's mask size if needed),
  // highResFeatures (2 maps [B,C,4H,4W], [B,C,2H,2W]) or empty.
  SamHeadOutputs forwardSamHeads(const torch::Tensor& backboneFeatures,
                                 const std::optional<PointInputs>& pointInputs,
                                 const std::optional<torch::Tensor>& maskInputs,
                                 const std::vector<torch::Tensor>& highResFeatures,
                                 bool multimaskOutput) const;

  // _use_mask_as_output: a binary mask [B, 1, S, S] becomes logits ±10; the object pointer
  // still comes from the SAM decoder on the downsampled mask.
  SamHeadOutputs useMaskAsOutput(const torch::Tensor& backboneFeatures,
                                 const std::vector<torch::Tensor>& highResFeatures,
                                 const torch::Tensor& maskInputs) const;

  // _prepare_memory_conditioned_features: the top-level features [HW, B, C] fused with the
  // memory bank in `outputDict` → [B, C, H, W]. With a cache, the memory attention's result is
  // looked up under (cacheObjectId, frameIdx, trackInReverse) and the selection's signature,
  // and stored there when computed.
  torch::Tensor prepareMemoryConditionedFeatures(
      int64_t frameIdx, bool isInitCondFrame, const torch::Tensor& currentVisionFeat,
      const torch::Tensor& currentVisionPosEmbed, const FeatSize& featSize,
      const OutputDict& outputDict, int64_t numFrames, bool trackInReverse,
      ConditionedFeatureCache* conditionedCache = nullptr, int64_t cacheObjectId = 0) const;

  // Which memory bank entries frameIdx attends to. Throws masklet::Error when a non-initial
  // frame has no conditioning frame.
  MemorySelection selectMemory(int64_t frameIdx, bool isInitCondFrame, const OutputDict& outputDict,
                               int64_t numFrames, bool trackInReverse) const;

  // Step 1 of _prepare_memory_conditioned_features: the memory bank entries frameIdx attends
  // to (conditioning frames, num_maskmem-1 recent frames, object pointers), with their spatial
  // and temporal encodings, for a batch of batchSize objects. An initial conditioning frame
  // gets the single no-memory token. Throws masklet::Error when a non-initial frame has no
  // conditioning frame or a memory frame lacks its encoded memory.
  MemoryInputs buildMemoryInputs(int64_t frameIdx, bool isInitCondFrame, int64_t batchSize,
                                 const OutputDict& outputDict, int64_t numFrames,
                                 bool trackInReverse) const;

  // The memory attention's inputs for a selection, for a batch of batchSize objects.
  MemoryInputs memoryInputsOf(const MemorySelection& selection, int64_t batchSize,
                              int64_t numFrames) const;

  // The memory encoder's mask input in _encode_new_memory: binarised (> 0) for point-prompted
  // masks when binarize_mask_from_pts_for_mem_enc, else sigmoid; then scale and bias.
  torch::Tensor maskForMemoryEncoder(const torch::Tensor& predMasksHighRes,
                                     bool isMaskFromPts) const;

  // _use_multimask: multimask output for this many points on this kind of frame.
  bool useMultimask(bool isInitCondFrame, const std::optional<PointInputs>& pointInputs) const;

  // _apply_non_overlapping_constraints: at each pixel only the best-scoring object of the
  // batch keeps its logit; the others are clamped to at most -10.
  static torch::Tensor applyNonOverlappingConstraints(const torch::Tensor& predMasks);

 private:
  std::shared_ptr<const model::Sam2Model> m_model;
};

}  // namespace masklet::tracker
