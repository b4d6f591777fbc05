#include "tracker/sam2_tracking.h"

#include <string>
#include <utility>

#include "common/error.h"
#include "common/phase_profile.h"
#include "model/precision.h"
#include "tracker/conditioned_feature_cache.h"
#include "tracker/memory_bank.h"
#include "tracker/memory_layout.h"
#include "tracker/sine_pe.h"

namespace masklet::tracker {

namespace {

namespace F = torch::nn::functional;

// F.interpolate(mode="bilinear", align_corners=False) to an explicit size, as the reference
// calls it (with antialias=True when it downsamples mask prompts).
torch::Tensor resizeBilinear(const torch::Tensor& x, int64_t height, int64_t width,
                             bool antialias) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{height, width})
                               .mode(torch::kBilinear)
                               .align_corners(false)
                               .antialias(antialias));
}

// [HW, B, C] -> [B, C, H, W] (the reference's permute(1, 2, 0).view(B, C, H, W)).
// The predicted IoU of the mask the heads chose [B, 1]: with several candidates the best one
// is chosen by exactly this maximum.
torch::Tensor bestIou(const torch::Tensor& ious) {
  return std::get<0>(ious.to(torch::kFloat32).max(-1, /*keepdim=*/true));
}

torch::Tensor seqToImage(const torch::Tensor& x, const FeatSize& size) {
  TORCH_CHECK(x.dim() == 3, "expected seq-first features [HW, B, C], got ", x.sizes());
  TORCH_CHECK(x.size(0) == size[0] * size[1], "features have ", x.size(0), " positions, expected ",
              size[0], "x", size[1]);
  return x.permute({1, 2, 0}).view({x.size(1), x.size(2), size[0], size[1]});
}

void checkFeatures(const BackboneFeatures& features) {
  if (features.vision_feats.empty() ||
      features.vision_feats.size() != features.vision_pos_embeds.size() ||
      features.vision_feats.size() != features.feat_sizes.size())
    throw Error("Sam2Tracking: backbone features need as many feature maps, position " +
                std::string("encodings and sizes per level (got ") +
                std::to_string(features.vision_feats.size()) + ", " +
                std::to_string(features.vision_pos_embeds.size()) + ", " +
                std::to_string(features.feat_sizes.size()) + ")");
}

}  // namespace

Sam2Tracking::Sam2Tracking(std::shared_ptr<const model::Sam2Model> model)
    : m_model(std::move(model)) {
  if (!m_model) throw Error("Sam2Tracking: no model loaded");
  // Training mode would apply dropout in the memory attention and skip the decoder's dynamic
  // multimask choice: inference needs eval mode (Sam2Model::load returns it so).
  if (m_model->is_training())
    throw Error("Sam2Tracking: the model is in training mode; call eval() on it first");
}

model::ImageEncoderOutput Sam2Tracking::forwardImage(const torch::Tensor& image) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = m_model->config();
  TORCH_CHECK(image.dim() == 4 && image.size(1) == 3 && image.size(2) == cfg.image_size &&
                  image.size(3) == cfg.image_size,
              "forwardImage: expected an image batch [B, 3, ", cfg.image_size, ", ", cfg.image_size,
              "], got ", image.sizes());
  common::PhaseScope phase("image_encoder");
  auto out = m_model->image_encoder.ptr()->forward(image);
  if (cfg.use_high_res_features_in_sam) {
    TORCH_CHECK(out.backbone_fpn.size() >= 2,
                "forwardImage: high-res SAM features need 2+ backbone levels, got ",
                out.backbone_fpn.size());
    // Projected once here so every click on this frame reuses them (as the reference).
    const auto& decoder = *m_model->sam_mask_decoder.ptr();
    out.backbone_fpn[0] = decoder.conv_s0.ptr()->forward(out.backbone_fpn[0]);
    out.backbone_fpn[1] = decoder.conv_s1.ptr()->forward(out.backbone_fpn[1]);
  }
  return out;
}

BackboneFeatures Sam2Tracking::prepareBackboneFeatures(
    const model::ImageEncoderOutput& backboneOut) const {
  const auto& cfg = m_model->config();
  const size_t numLevels = cfg.use_high_res_features_in_sam ? 3 : 1;
  TORCH_CHECK(backboneOut.backbone_fpn.size() == backboneOut.vision_pos_enc.size(),
              "prepareBackboneFeatures: ", backboneOut.backbone_fpn.size(), " feature maps but ",
              backboneOut.vision_pos_enc.size(), " position encodings");
  TORCH_CHECK(backboneOut.backbone_fpn.size() >= numLevels, "prepareBackboneFeatures: need ",
              numLevels, " feature levels, got ", backboneOut.backbone_fpn.size());
  BackboneFeatures features;
  const size_t first = backboneOut.backbone_fpn.size() - numLevels;
  for (size_t i = first; i < backboneOut.backbone_fpn.size(); ++i) {
    const auto& map = backboneOut.backbone_fpn[i];
    const auto& pos = backboneOut.vision_pos_enc[i];
    TORCH_CHECK(map.dim() == 4 && pos.dim() == 4, "prepareBackboneFeatures: level ", i,
                " must be [B, C, H, W], got ", map.sizes(), " and ", pos.sizes());
    features.feat_sizes.push_back({pos.size(2), pos.size(3)});
    features.vision_feats.push_back(map.flatten(2).permute({2, 0, 1}));
    features.vision_pos_embeds.push_back(pos.flatten(2).permute({2, 0, 1}));
  }
  return features;
}

bool Sam2Tracking::useMultimask(bool isInitCondFrame,
                                const std::optional<PointInputs>& pointInputs) const {
  const auto& cfg = m_model->config();
  const int64_t numPts = pointInputs ? pointInputs->point_labels.size(1) : 0;
  return cfg.multimask_output_in_sam && (isInitCondFrame || cfg.multimask_output_for_tracking) &&
         cfg.multimask_min_pt_num <= numPts && numPts <= cfg.multimask_max_pt_num;
}

SamHeadOutputs Sam2Tracking::forwardSamHeads(const torch::Tensor& backboneFeatures,
                                             const std::optional<PointInputs>& pointInputs,
                                             const std::optional<torch::Tensor>& maskInputs,
                                             const std::vector<torch::Tensor>& highResFeatures,
                                             bool multimaskOutput) const {
  torch::NoGradGuard noGrad;
  // The SAM heads are cheap and turn features straight into mask logits: float32 always.
  model::PrecisionScope fp32(model::Precision::Fp32, backboneFeatures.device());
  // A mask prompt made in bf16 mode (mask_downsample runs under autocast) arrives in bfloat16
  // too: the prompt encoder's convolutions here need float32 inputs like their weights.
  const bool lowMask = maskInputs && maskInputs->scalar_type() != torch::kFloat32;
  if (backboneFeatures.scalar_type() != torch::kFloat32 || lowMask ||
      (!highResFeatures.empty() && highResFeatures.front().scalar_type() != torch::kFloat32)) {
    std::vector<torch::Tensor> highRes;
    for (const auto& f : highResFeatures) highRes.push_back(f.to(torch::kFloat32));
    std::optional<torch::Tensor> mask;
    if (maskInputs) mask = maskInputs->to(torch::kFloat32);
    return forwardSamHeads(backboneFeatures.to(torch::kFloat32), pointInputs, mask, highRes,
                           multimaskOutput);
  }
  common::PhaseScope phase("sam_heads");  // after the float32 re-entry: counted once
  const auto& cfg = m_model->config();
  auto& promptEncoder = *m_model->sam_prompt_encoder.ptr();
  const int64_t hiddenDim = promptEncoder.embed_dim;
  const int64_t embedSize = promptEncoder.image_embedding_size[0];
  TORCH_CHECK(backboneFeatures.dim() == 4 && backboneFeatures.size(1) == hiddenDim &&
                  backboneFeatures.size(2) == embedSize && backboneFeatures.size(3) == embedSize,
              "forwardSamHeads: expected features [B, ", hiddenDim, ", ", embedSize, ", ",
              embedSize, "], got ", backboneFeatures.sizes());
  const int64_t B = backboneFeatures.size(0);
  const auto device = backboneFeatures.device();

  // a) Point prompts; without points a single padding point (label -1).
  torch::Tensor coords, labels;
  if (pointInputs) {
    coords = pointInputs->point_coords;
    labels = pointInputs->point_labels;
    TORCH_CHECK(coords.dim() == 3 && coords.size(0) == B && coords.size(2) == 2,
                "forwardSamHeads: point_coords must be [", B, ", N, 2], got ", coords.sizes());
    TORCH_CHECK(labels.dim() == 2 && labels.size(0) == B && labels.size(1) == coords.size(1),
                "forwardSamHeads: point_labels must be [", B, ", ", coords.size(1), "], got ",
                labels.sizes());
  } else {
    coords = torch::zeros({B, 1, 2}, torch::TensorOptions().device(device));
    labels = -torch::ones({B, 1}, torch::TensorOptions().dtype(torch::kInt32).device(device));
  }

  // b) Mask prompt, resized (antialiased) to the prompt encoder's mask size if needed.
  std::optional<torch::Tensor> samMaskPrompt;
  if (maskInputs) {
    const auto& mask = *maskInputs;
    TORCH_CHECK(mask.dim() == 4 && mask.size(0) == B && mask.size(1) == 1,
                "forwardSamHeads: mask prompt must be [", B, ", 1, H, W], got ", mask.sizes());
    const auto& maskSize = promptEncoder.mask_input_size;
    if (mask.size(2) != maskSize[0] || mask.size(3) != maskSize[1])
      samMaskPrompt = resizeBilinear(mask.to(torch::kFloat32), maskSize[0], maskSize[1], true);
    else
      samMaskPrompt = mask;
  }

  auto [sparse, dense] =
      promptEncoder.forward(std::make_pair(coords, labels), std::nullopt, samMaskPrompt);
  auto decoded = m_model->sam_mask_decoder.ptr()->forward(
      backboneFeatures, promptEncoder.get_dense_pe(), sparse, dense, multimaskOutput,
      /*repeat_image=*/false, highResFeatures);

  SamHeadOutputs out;
  out.ious = decoded.iou_pred;
  out.object_score_logits = decoded.object_score_logits;
  auto lowResMultimasks = decoded.masks;
  torch::Tensor isObjAppearing;
  if (cfg.pred_obj_scores) {
    isObjAppearing = out.object_score_logits > 0;
    // The spatial memory uses a hard object / no-object decision, like the mask itself.
    lowResMultimasks = torch::where(isObjAppearing.unsqueeze(-1).unsqueeze(-1), lowResMultimasks,
                                    torch::scalar_tensor(kNoObjScore, lowResMultimasks.options()));
  }
  lowResMultimasks = lowResMultimasks.to(torch::kFloat32);
  const auto highResMultimasks =
      resizeBilinear(lowResMultimasks, cfg.image_size, cfg.image_size, false);

  auto samOutputToken = decoded.sam_tokens_out.select(1, 0);
  if (multimaskOutput) {
    // The mask with the highest predicted IoU (and its own output token when there are several).
    const auto bestIouInds = torch::argmax(out.ious, -1);
    const auto batchInds =
        torch::arange(B, torch::TensorOptions().dtype(torch::kLong).device(device));
    out.low_res_masks = lowResMultimasks.index({batchInds, bestIouInds}).unsqueeze(1);
    out.high_res_masks = highResMultimasks.index({batchInds, bestIouInds}).unsqueeze(1);
    if (decoded.sam_tokens_out.size(1) > 1)
      samOutputToken = decoded.sam_tokens_out.index({batchInds, bestIouInds});
  } else {
    out.low_res_masks = lowResMultimasks;
    out.high_res_masks = highResMultimasks;
  }
  out.low_res_multimasks = lowResMultimasks;
  out.high_res_multimasks = highResMultimasks;

  // Object pointer from the SAM output token, with occlusion handling.
  auto objPtr = m_model->projectObjPtr(samOutputToken);
  if (cfg.pred_obj_scores) {
    // A soft no-object pointer mixes in no_obj_ptr by the object probability.
    const auto lambda = cfg.soft_no_obj_ptr ? out.object_score_logits.sigmoid()
                                            : isObjAppearing.to(torch::kFloat32);
    if (cfg.fixed_no_obj_ptr) objPtr = lambda * objPtr;
    objPtr = objPtr + (1 - lambda) * m_model->no_obj_ptr;
  }
  out.obj_ptr = objPtr;
  return out;
}

SamHeadOutputs Sam2Tracking::useMaskAsOutput(const torch::Tensor& backboneFeatures,
                                             const std::vector<torch::Tensor>& highResFeatures,
                                             const torch::Tensor& maskInputs) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = m_model->config();
  TORCH_CHECK(maskInputs.dim() == 4 && maskInputs.size(1) == 1,
              "useMaskAsOutput: mask must be [B, 1, H, W], got ", maskInputs.sizes());
  // Logits -10 / +10 for background / object pixels (sigmoid(-10) = 4.5e-5).
  const double outScale = 20.0, outBias = -10.0;
  const auto maskFloat = maskInputs.to(torch::kFloat32);
  const auto highResMasks = maskFloat * outScale + outBias;
  const auto lowResMasks =
      resizeBilinear(highResMasks, highResMasks.size(-2) / 4, highResMasks.size(-1) / 4, true);
  const int64_t B = maskInputs.size(0);
  SamHeadOutputs out;
  out.ious = torch::ones({B, 1}, maskFloat.options());
  torch::Tensor objPtr;
  if (!cfg.use_obj_ptrs_in_encoder) {
    objPtr = torch::zeros({B, m_model->sam_prompt_encoder.ptr()->embed_dim}, maskFloat.options());
  } else {
    // The pointer still comes from the SAM decoder, prompted with the downsampled mask.
    objPtr =
        forwardSamHeads(backboneFeatures, std::nullopt,
                        m_model->mask_downsample.ptr()->forward(maskFloat), highResFeatures, false)
            .obj_ptr;
  }
  // The input mask (not the decoder's score) decides whether the object is present.
  const auto isObjAppearing = torch::any(maskInputs.flatten(1).to(torch::kFloat32) > 0.0, 1);
  const auto lambda = isObjAppearing.unsqueeze(-1).to(torch::kFloat32);
  out.object_score_logits = outScale * lambda + outBias;
  if (cfg.pred_obj_scores) {
    if (cfg.fixed_no_obj_ptr) objPtr = lambda * objPtr;
    objPtr = objPtr + (1 - lambda) * m_model->no_obj_ptr;
  }
  out.obj_ptr = objPtr;
  out.low_res_multimasks = lowResMasks;
  out.high_res_multimasks = highResMasks;
  out.low_res_masks = lowResMasks;
  out.high_res_masks = highResMasks;
  return out;
}

std::vector<int64_t> MemorySelection::signature() const {
  std::vector<int64_t> sig;
  sig.reserve(2 + 3 * spatial.size() + 2 * pointers.size());
  sig.push_back(initCond ? 1 : 0);
  for (const auto& m : spatial) {
    sig.push_back(m.tPos);
    sig.push_back(m.frame);
    sig.push_back(static_cast<int64_t>(m.output->generation));
  }
  sig.push_back(-1);  // separates the two lists
  for (const auto& p : pointers) {
    sig.push_back(p.pos);
    sig.push_back(static_cast<int64_t>(p.output->generation));
  }
  return sig;
}

torch::Tensor Sam2Tracking::prepareMemoryConditionedFeatures(
    int64_t frameIdx, bool isInitCondFrame, const torch::Tensor& currentVisionFeat,
    const torch::Tensor& currentVisionPosEmbed, const FeatSize& featSize,
    const OutputDict& outputDict, int64_t numFrames, bool trackInReverse,
    ConditionedFeatureCache* conditionedCache, int64_t cacheObjectId) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = m_model->config();
  TORCH_CHECK(
      currentVisionFeat.dim() == 3 && currentVisionPosEmbed.sizes() == currentVisionFeat.sizes(),
      "prepareMemoryConditionedFeatures: features and position encodings must both be "
      "[HW, B, C], got ",
      currentVisionFeat.sizes(), " and ", currentVisionPosEmbed.sizes());
  // num_maskmem == 0 reproduces image SAM: no fusion with memory.
  if (cfg.num_maskmem == 0) return seqToImage(currentVisionFeat, featSize);
  // An initial conditioning frame may skip the memory attention and just add no_mem_embed.
  if (isInitCondFrame && cfg.directly_add_no_mem_embed)
    return seqToImage(currentVisionFeat + m_model->no_mem_embed, featSize);

  const auto selection =
      selectMemory(frameIdx, isInitCondFrame, outputDict, numFrames, trackInReverse);
  std::vector<int64_t> signature;
  if (conditionedCache) {
    signature = selection.signature();
    // The same memories in another precision give other values.
    signature.push_back(model::lowPrecisionActive() ? 1 : 0);
    signature.push_back(numFrames);
    if (auto cached = conditionedCache->find(cacheObjectId, frameIdx, trackInReverse, signature,
                                             currentVisionFeat.device()))
      return *cached;
  }
  common::PhaseScope phase("memory_attention");
  const auto inputs = memoryInputsOf(selection, currentVisionFeat.size(1), numFrames);
  const auto fused = m_model->memory_attention.ptr()->forward(
      currentVisionFeat, inputs.memory, currentVisionPosEmbed, inputs.memory_pos,
      inputs.num_obj_ptr_tokens, inputs.num_spatial_mem);
  auto result = seqToImage(fused, featSize);
  if (conditionedCache)
    conditionedCache->store(cacheObjectId, frameIdx, trackInReverse, signature, result);
  return result;
}

MemorySelection Sam2Tracking::selectMemory(int64_t frameIdx, bool isInitCondFrame,
                                           const OutputDict& outputDict, int64_t numFrames,
                                           bool trackInReverse) const {
  const auto& cfg = m_model->config();
  MemorySelection result;
  if (isInitCondFrame) {
    result.initCond = true;
    return result;
  }
  if (outputDict.cond_frame_outputs.empty())
    throw Error("frame " + std::to_string(frameIdx) +
                " cannot be tracked: the object has no conditioning (prompted) frame");
  const auto selection =
      selectClosestCondFrames(frameIdx, outputDict.cond_frame_outputs, cfg.max_cond_frames_in_attn);
  auto findMemoryFrame = [&](int64_t t) -> const TrackOutput* {
    if (auto it = outputDict.non_cond_frame_outputs.find(t);
        it != outputDict.non_cond_frame_outputs.end())
      return &it->second;
    // An unselected conditioning frame among the recent ones counts as a normal memory.
    if (auto it = selection.unselected.find(t); it != selection.unselected.end()) return it->second;
    return nullptr;
  };

  // Conditioning frames first (temporal slot 0), then the last num_maskmem-1 frames: the
  // earliest gets slot 1, the adjacent one slot num_maskmem-1.
  const int64_t numMaskmem = cfg.num_maskmem;
  for (const auto& [t, out] : selection.selected) result.spatial.push_back({0, t, out});
  for (int64_t tPos = 1; tPos < numMaskmem; ++tPos) {
    const int64_t prevFrameIdx = memoryFrameIndex(
        frameIdx, numMaskmem - tPos, cfg.memory_temporal_stride_for_eval, trackInReverse);
    if (const auto* prev = findMemoryFrame(prevFrameIdx))
      result.spatial.push_back({tPos, prevFrameIdx, prev});
  }

  if (cfg.use_obj_ptrs_in_encoder) {
    const int64_t maxObjPtrs = std::min(numFrames, cfg.max_obj_ptrs_in_encoder);
    const int64_t tposSignMul = trackInReverse ? -1 : 1;
    // Pointers of the selected conditioning frames (optionally only those in the past).
    for (const auto& [t, out] : selection.selected) {
      if (cfg.only_obj_ptrs_in_the_past_for_eval &&
          !(trackInReverse ? t >= frameIdx : t <= frameIdx))
        continue;
      result.pointers.push_back({cfg.use_signed_tpos_enc_to_obj_ptrs ? (frameIdx - t) * tposSignMul
                                                                     : std::llabs(frameIdx - t),
                                 out});
    }
    // Up to maxObjPtrs-1 non-conditioning frames before the current one.
    for (int64_t tDiff = 1; tDiff < maxObjPtrs; ++tDiff) {
      const int64_t t = trackInReverse ? frameIdx + tDiff : frameIdx - tDiff;
      if (t < 0 || t >= numFrames) break;
      if (const auto* out = findMemoryFrame(t)) result.pointers.push_back({tDiff, out});
    }
  }
  return result;
}

MemoryInputs Sam2Tracking::buildMemoryInputs(int64_t frameIdx, bool isInitCondFrame,
                                             int64_t batchSize, const OutputDict& outputDict,
                                             int64_t numFrames, bool trackInReverse) const {
  return memoryInputsOf(
      selectMemory(frameIdx, isInitCondFrame, outputDict, numFrames, trackInReverse), batchSize,
      numFrames);
}

MemoryInputs Sam2Tracking::memoryInputsOf(const MemorySelection& selection, int64_t batchSize,
                                          int64_t numFrames) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = m_model->config();
  const int64_t B = batchSize;
  const int64_t C = cfg.hiddenDim();
  const int64_t memDim = cfg.memDim();
  const int64_t numMaskmem = cfg.num_maskmem;
  MemoryInputs result;
  if (selection.initCond) {
    // A dummy token, so the memory attention never sees an empty memory.
    const auto& noMemEmbed = m_model->no_mem_embed;
    TORCH_CHECK(noMemEmbed.size(-1) == memDim, "buildMemoryInputs: no_mem_embed has ",
                noMemEmbed.size(-1), " channels but the memory has ", memDim);
    result.memory = noMemEmbed.expand({1, B, memDim});
    result.memory_pos = m_model->no_mem_pos_enc.expand({1, B, memDim});
    result.num_spatial_mem = 1;
    return result;
  }
  std::vector<torch::Tensor> toCatMemory, toCatMemoryPos;
  for (const auto& [tPos, t, prev] : selection.spatial) {
    if (!prev->maskmem_features.defined() || prev->maskmem_pos_enc.empty())
      throw Error("frame " + std::to_string(t) +
                  " is in the memory bank without an encoded memory (run the memory encoder on "
                  "it before tracking other frames)");
    TORCH_CHECK(prev->maskmem_features.size(0) == B, "memory of frame ", t, " has batch ",
                prev->maskmem_features.size(0), ", expected ", B);
    // Stored in bfloat16; the attention runs in float32 (the reference's cat promotes).
    toCatMemory.push_back(memoryTokens(prev->maskmem_features.to(torch::kFloat32)));
    auto maskmemEnc = memoryTokens(prev->maskmem_pos_enc.back());
    maskmemEnc = maskmemEnc + m_model->maskmem_tpos_enc[numMaskmem - tPos - 1];
    toCatMemoryPos.push_back(maskmemEnc);
  }
  result.num_spatial_mem = static_cast<int64_t>(toCatMemory.size());

  if (!selection.pointers.empty()) {
    const int64_t maxObjPtrs = std::min(numFrames, cfg.max_obj_ptrs_in_encoder);
    std::vector<int64_t> posList;
    std::vector<torch::Tensor> ptrsList;
    for (const auto& [pos, out] : selection.pointers) {
      posList.push_back(pos);
      ptrsList.push_back(out->obj_ptr);
    }
    auto objPtrs = torch::stack(ptrsList, 0);  // [P, B, C]
    TORCH_CHECK(objPtrs.size(1) == B && objPtrs.size(2) == C, "object pointers are ",
                objPtrs.sizes(), ", expected [P, ", B, ", ", C, "]");
    const auto numPtrs = static_cast<int64_t>(posList.size());
    torch::Tensor objPos;
    if (cfg.add_tpos_enc_to_obj_ptrs) {
      // Sine encoding of the temporal distance, normalised by the pointer window. (A
      // one-frame video would divide by zero in the reference; 1 is used there instead.)
      const int64_t tDiffMax = std::max<int64_t>(maxObjPtrs - 1, 1);
      const int64_t tposDim = cfg.proj_tpos_enc_in_obj_ptrs ? C : memDim;
      objPos =
          torch::tensor(posList, torch::TensorOptions().dtype(torch::kLong)).to(objPtrs.device());
      objPos = get1dSinePe(objPos / tDiffMax, tposDim);
      objPos = m_model->projectObjPtrTpos(objPos);
      objPos = objPos.unsqueeze(1).expand({-1, B, memDim});
    } else {
      objPos = torch::zeros({numPtrs, B, memDim}, objPtrs.options());
    }
    if (memDim < C) {
      // A pointer of C channels becomes C/memDim tokens of memDim channels.
      objPtrs = objPtrs.reshape({-1, B, C / memDim, memDim}).permute({0, 2, 1, 3}).flatten(0, 1);
      objPos = objPos.repeat_interleave(C / memDim, 0);
    }
    toCatMemory.push_back(objPtrs);
    toCatMemoryPos.push_back(objPos);
    result.num_obj_ptr_tokens = objPtrs.size(0);
  }
  result.memory = torch::cat(toCatMemory, 0);
  result.memory_pos = torch::cat(toCatMemoryPos, 0);
  return result;
}

torch::Tensor Sam2Tracking::maskForMemoryEncoder(const torch::Tensor& predMasksHighRes,
                                                 bool isMaskFromPts) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = m_model->config();
  auto masks = predMasksHighRes;
  if (cfg.non_overlap_masks_for_mem_enc) masks = applyNonOverlappingConstraints(masks);
  // Clicked frames may be binarised; otherwise the sigmoid probabilities.
  torch::Tensor maskForMem = (cfg.binarize_mask_from_pts_for_mem_enc && isMaskFromPts)
                                 ? (masks > 0).to(torch::kFloat32)
                                 : torch::sigmoid(masks);
  if (cfg.sigmoid_scale_for_mem_enc != 1.0) maskForMem = maskForMem * cfg.sigmoid_scale_for_mem_enc;
  if (cfg.sigmoid_bias_for_mem_enc != 0.0) maskForMem = maskForMem + cfg.sigmoid_bias_for_mem_enc;
  return maskForMem;
}

MemoryEncoding Sam2Tracking::encodeNewMemory(const BackboneFeatures& features,
                                             const torch::Tensor& predMasksHighRes,
                                             const torch::Tensor& objectScoreLogits,
                                             bool isMaskFromPts,
                                             MemoryPrecision memoryPrecision) const {
  torch::NoGradGuard noGrad;
  checkFeatures(features);
  const auto& cfg = m_model->config();
  const auto pixFeat = seqToImage(features.vision_feats.back(), features.feat_sizes.back());
  const int64_t B = pixFeat.size(0);
  TORCH_CHECK(
      predMasksHighRes.dim() == 4 && predMasksHighRes.size(0) == B && predMasksHighRes.size(1) == 1,
      "encodeNewMemory: masks must be [", B, ", 1, H, W], got ", predMasksHighRes.sizes());
  TORCH_CHECK(objectScoreLogits.dim() == 2 && objectScoreLogits.size(0) == B,
              "encodeNewMemory: object scores must be [", B, ", 1], got ",
              objectScoreLogits.sizes());
  common::PhaseScope phase("memory_encoder");
  const auto maskForMem = maskForMemoryEncoder(predMasksHighRes, isMaskFromPts);
  auto encoded = m_model->memory_encoder.ptr()->forward(pixFeat, maskForMem,
                                                        /*skip_mask_sigmoid=*/true);
  MemoryEncoding out;
  out.maskmem_features = encoded.vision_features;
  out.maskmem_pos_enc = encoded.vision_pos_enc;
  if (cfg.no_obj_embed_spatial) {
    // Marks frames where the object is predicted absent (occluded).
    const auto isObjAppearing = (objectScoreLogits > 0).to(torch::kFloat32);
    const auto embed = m_model->no_obj_embed_spatial.unsqueeze(-1).unsqueeze(-1).expand(
        out.maskmem_features.sizes());
    out.maskmem_features =
        out.maskmem_features + (1 - isObjAppearing.unsqueeze(-1).unsqueeze(-1)) * embed;
  }
  if (!m_model->spatial_perceiver.is_empty()) {
    // EdgeTAM: the memory becomes global + window latents [B, N, C]; only the first (and only)
    // level of the encoding is replaced, as the reference does with maskmem_pos_enc[0].
    TORCH_CHECK(!out.maskmem_pos_enc.empty(), "encodeNewMemory: no memory position encoding");
    common::PhaseScope perceiverPhase("memory_encoder.perceiver");
    auto [latents, latentPos] = m_model->spatial_perceiver.ptr()->forward(
        out.maskmem_features, out.maskmem_pos_enc.front());
    out.maskmem_features = std::move(latents);
    out.maskmem_pos_enc.front() = std::move(latentPos);
  }
  if (memoryPrecision == MemoryPrecision::BFloat16)
    out.maskmem_features = out.maskmem_features.to(torch::kBFloat16);
  return out;
}

TrackOutput Sam2Tracking::trackStep(
    int64_t frameIdx, bool isInitCondFrame, const BackboneFeatures& features,
    const std::optional<PointInputs>& pointInputs, const std::optional<torch::Tensor>& maskInputs,
    const OutputDict& outputDict, int64_t numFrames, bool trackInReverse, bool runMemEncoder,
    const std::optional<torch::Tensor>& prevSamMaskLogits, MemoryPrecision memoryPrecision,
    ConditionedFeatureCache* conditionedCache, int64_t cacheObjectId) const {
  torch::NoGradGuard noGrad;
  checkFeatures(features);
  const auto& cfg = m_model->config();
  if (pointInputs && maskInputs)
    throw Error("frame " + std::to_string(frameIdx) +
                ": points and a mask cannot be used as prompts at the same time");
  TrackOutput current;
  current.point_inputs = pointInputs;
  if (maskInputs) current.mask_inputs = *maskInputs;

  // High-resolution maps for the SAM head, [HW, B, C] -> [B, C, H, W].
  std::vector<torch::Tensor> highResFeatures;
  for (size_t i = 0; i + 1 < features.vision_feats.size(); ++i)
    highResFeatures.push_back(seqToImage(features.vision_feats[i], features.feat_sizes[i]));

  SamHeadOutputs sam;
  if (maskInputs && cfg.use_mask_input_as_output_without_sam) {
    // The mask prompt is taken as the output (like a ground-truth mask), without SAM.
    const auto pixFeat = seqToImage(features.vision_feats.back(), features.feat_sizes.back());
    sam = useMaskAsOutput(pixFeat, highResFeatures, *maskInputs);
  } else {
    const auto pixFeat = prepareMemoryConditionedFeatures(
        frameIdx, isInitCondFrame, features.vision_feats.back(), features.vision_pos_embeds.back(),
        features.feat_sizes.back(), outputDict, numFrames, trackInReverse, conditionedCache,
        cacheObjectId);
    // Earlier mask logits on this frame (interactive refinement) go in as the mask prompt.
    std::optional<torch::Tensor> samMaskInputs = maskInputs;
    if (prevSamMaskLogits) {
      if (!pointInputs || maskInputs)
        throw Error("frame " + std::to_string(frameIdx) +
                    ": previous mask logits can only refine a point prompt");
      samMaskInputs = *prevSamMaskLogits;
    }
    sam = forwardSamHeads(pixFeat, pointInputs, samMaskInputs, highResFeatures,
                          useMultimask(isInitCondFrame, pointInputs));
  }
  current.pred_masks = sam.low_res_masks;
  current.pred_masks_high_res = sam.high_res_masks;
  current.obj_ptr = sam.obj_ptr;
  current.object_score_logits = sam.object_score_logits;
  current.predicted_iou = bestIou(sam.ious);
  if (sam.low_res_multimasks.size(1) > 1) {
    current.candidate_masks = sam.low_res_multimasks;
    current.candidate_ious = sam.ious.to(torch::kFloat32);
  }

  // Encode the new memory from the predicted mask, for the frames that follow.
  if (runMemEncoder && cfg.num_maskmem > 0) {
    auto memory = encodeNewMemory(features, sam.high_res_masks, sam.object_score_logits,
                                  pointInputs.has_value(), memoryPrecision);
    current.maskmem_features = std::move(memory.maskmem_features);
    current.maskmem_pos_enc = std::move(memory.maskmem_pos_enc);
  }
  return current;
}

torch::Tensor Sam2Tracking::applyNonOverlappingConstraints(const torch::Tensor& predMasks) {
  torch::NoGradGuard noGrad;
  const int64_t batchSize = predMasks.size(0);
  if (batchSize == 1) return predMasks;
  // Index of the best-scoring object at each pixel; the others are pushed below -10.
  const auto maxObjInds = torch::argmax(predMasks, 0, /*keepdim=*/true);
  const auto batchObjInds =
      torch::arange(batchSize,
                    torch::TensorOptions().dtype(torch::kLong).device(predMasks.device()))
          .view({-1, 1, 1, 1});
  const auto keep = maxObjInds == batchObjInds;
  return torch::where(keep, predMasks, torch::clamp(predMasks, c10::nullopt, -10.0));
}

}  // namespace masklet::tracker
