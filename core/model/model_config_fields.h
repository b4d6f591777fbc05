#pragma once
// The one list of ModelConfig's fields. It drives the YAML reader and writer, dump() (and with
// it operator==) and the plain copies into the module options, so a field added to the structs
// and to this list is read, written, compared and passed on with no other change.
//
// X(member, yaml, Module, option), one per field:
//   member  the field's path in ModelConfig; the same path is its key below `model:` in the
//           official YAML and its name in dump().
//   yaml    Optional: absent keeps the struct default. Required: must be in the YAML.
//           NoneIsEveryLevel: null or absent means every index of the neck's
//           backbone_channel_list (FpnNeck's None). NotInYaml: no key (SAM2Base literals, or a
//           value the port fixes). Target: the section's `_target_` (the class it builds;
//           listed first in its section, since it decides which of the section's other fields
//           apply: ModelConfig::fieldApplies).
//   Module  the module whose options take the value as it is: ImageEncoder, MemoryAttention,
//           MemoryEncoder, PromptEncoder or MaskDecoder (<Module>Options). `No` when the value
//           is derived first, read from the config by the tracker, or training-only.
//   option  the member of <Module>Options that receives it (`_` with No).
// The order is dump()'s; the fields of one YAML section are contiguous (the reader opens each
// section once).
namespace masklet::model {

enum class YamlKey { Optional, Required, NoneIsEveryLevel, NotInYaml, Target };

struct ModelConfigField {
  const char* path;  // e.g. "image_encoder.trunk.embed_dim"
  YamlKey yaml;
};

// The Module of fields that no module's options take as they are.
struct NoOptions {};

// clang-format off
// PositionEncodingConfig at `member`, copied to the PositionEmbeddingSineOptions at `option`.
#define MASKLET_POSITION_ENCODING_FIELDS(X, member, Module, option) \
  X(member.num_pos_feats, Required, Module, option.numPosFeats)    \
  X(member.temperature, Optional, Module, option.temperature)      \
  X(member.normalize, Optional, Module, option.normalize)          \
  X(member.scale, Optional, Module, option.scale)

// RoPEAttentionConfig at `member`, copied to the RoPEAttentionOptions at `option`.
#define MASKLET_ROPE_ATTENTION_FIELDS(X, member, Module, option)       \
  X(member.embedding_dim, Required, Module, option.embeddingDim)      \
  X(member.num_heads, Required, Module, option.numHeads)              \
  X(member.downsample_rate, Optional, Module, option.downsampleRate)  \
  X(member.dropout, Optional, Module, option.dropout)                 \
  X(member.kv_in_dim, Optional, No, _) /* kvInDim(): None is embedding_dim */ \
  X(member.rope_theta, Optional, Module, option.ropeTheta)            \
  X(member.rope_k_repeat, Optional, Module, option.ropeKRepeat)       \
  X(member.feat_sizes, Optional, Module, option.featSizes)

// The memory attention's cross-attention: RoPEAttention or RoPEAttentionv2 (EdgeTAM).
#define MASKLET_CROSS_ATTENTION_FIELDS(X, member, Module, option)    \
  X(member.target, Target, No, _) /* options: v2 */                  \
  MASKLET_ROPE_ATTENTION_FIELDS(X, member, Module, option)            \
  X(member.q_sizes, Optional, Module, option.qSizes)                  \
  X(member.k_sizes, Optional, Module, option.kSizes)

#define MASKLET_MODEL_CONFIG_FIELDS(X)                                                            \
  X(image_encoder.trunk.target, Target, No, _) /* options: timmTrunk */                          \
  X(image_encoder.trunk.embed_dim, Optional, ImageEncoder, trunk.embedDim)                       \
  X(image_encoder.trunk.num_heads, Optional, ImageEncoder, trunk.numHeads)                       \
  X(image_encoder.trunk.drop_path_rate, Optional, No, _)                                         \
  X(image_encoder.trunk.q_pool, Optional, ImageEncoder, trunk.qPool)                             \
  X(image_encoder.trunk.q_stride, Optional, ImageEncoder, trunk.qStride)                         \
  X(image_encoder.trunk.stages, Optional, ImageEncoder, trunk.stages)                            \
  X(image_encoder.trunk.dim_mul, Optional, ImageEncoder, trunk.dimMul)                           \
  X(image_encoder.trunk.head_mul, Optional, ImageEncoder, trunk.headMul)                         \
  X(image_encoder.trunk.window_pos_embed_bkg_spatial_size, Optional, ImageEncoder,               \
    trunk.windowPosEmbedBkgSpatialSize)                                                          \
  X(image_encoder.trunk.window_spec, Optional, ImageEncoder, trunk.windowSpec)                   \
  X(image_encoder.trunk.global_att_blocks, Optional, ImageEncoder, trunk.globalAttBlocks)        \
  X(image_encoder.trunk.return_interm_layers, Optional, ImageEncoder, trunk.returnIntermLayers)  \
  X(image_encoder.trunk.name, Required, No, _) /* options: repvit */                             \
  X(image_encoder.trunk.features, Required, No, _) /* options: repvit.outIndices */              \
  MASKLET_POSITION_ENCODING_FIELDS(X, image_encoder.neck.position_encoding, ImageEncoder,         \
                                   neck.positionEncoding)                                         \
  X(image_encoder.neck.d_model, Required, ImageEncoder, neck.dModel)                             \
  X(image_encoder.neck.backbone_channel_list, Required, ImageEncoder, neck.backboneChannelList)  \
  X(image_encoder.neck.kernel_size, Optional, ImageEncoder, neck.kernelSize)                     \
  X(image_encoder.neck.stride, Optional, ImageEncoder, neck.stride)                              \
  X(image_encoder.neck.padding, Optional, ImageEncoder, neck.padding)                            \
  X(image_encoder.neck.fpn_interp_model, Optional, ImageEncoder, neck.fpnInterpModel)            \
  X(image_encoder.neck.fuse_type, Optional, ImageEncoder, neck.fuseType)                         \
  X(image_encoder.neck.fpn_top_down_levels, NoneIsEveryLevel, ImageEncoder,                      \
    neck.fpnTopDownLevels)                                                                       \
  X(image_encoder.scalp, Optional, ImageEncoder, scalp)                                          \
                                                                                                  \
  X(memory_attention.d_model, Required, MemoryAttention, dModel)                                 \
  X(memory_attention.pos_enc_at_input, Required, MemoryAttention, posEncAtInput)                 \
  X(memory_attention.num_layers, Required, MemoryAttention, numLayers)                           \
  X(memory_attention.batch_first, Optional, MemoryAttention, batchFirst)                         \
  X(memory_attention.layer.activation, Required, MemoryAttention, layer.activation)              \
  X(memory_attention.layer.d_model, Required, MemoryAttention, layer.dModel)                     \
  X(memory_attention.layer.dim_feedforward, Required, MemoryAttention, layer.dimFeedforward)     \
  X(memory_attention.layer.dropout, Required, MemoryAttention, layer.dropout)                    \
  X(memory_attention.layer.pos_enc_at_attn, Required, MemoryAttention, layer.posEncAtAttn)       \
  X(memory_attention.layer.pos_enc_at_cross_attn_keys, Required, MemoryAttention,                \
    layer.posEncAtCrossAttnKeys)                                                                 \
  X(memory_attention.layer.pos_enc_at_cross_attn_queries, Required, MemoryAttention,             \
    layer.posEncAtCrossAttnQueries)                                                              \
  MASKLET_ROPE_ATTENTION_FIELDS(X, memory_attention.layer.self_attention, MemoryAttention,        \
                                layer.selfAttention)                                              \
  MASKLET_CROSS_ATTENTION_FIELDS(X, memory_attention.layer.cross_attention, MemoryAttention,      \
                                 layer.crossAttention)                                            \
                                                                                                  \
  X(memory_encoder.out_dim, Required, MemoryEncoder, outDim)                                     \
  X(memory_encoder.in_dim, Optional, MemoryEncoder, inDim)                                       \
  MASKLET_POSITION_ENCODING_FIELDS(X, memory_encoder.position_encoding, MemoryEncoder,            \
                                   positionEncoding)                                              \
  X(memory_encoder.mask_downsampler.embed_dim, Optional, MemoryEncoder, maskDownsampler.embedDim) \
  X(memory_encoder.mask_downsampler.kernel_size, Optional, MemoryEncoder,                        \
    maskDownsampler.kernelSize)                                                                  \
  X(memory_encoder.mask_downsampler.stride, Optional, MemoryEncoder, maskDownsampler.stride)     \
  X(memory_encoder.mask_downsampler.padding, Optional, MemoryEncoder, maskDownsampler.padding)   \
  X(memory_encoder.mask_downsampler.total_stride, Optional, MemoryEncoder,                       \
    maskDownsampler.totalStride)                                                                 \
  X(memory_encoder.mask_downsampler.activation, NotInYaml, No, _)                                \
  X(memory_encoder.fuser.num_layers, Required, MemoryEncoder, fuser.numLayers)                   \
  X(memory_encoder.fuser.dim, Optional, No, _) /* options: 0 for None */                         \
  X(memory_encoder.fuser.input_projection, Optional, MemoryEncoder, fuser.inputProjection)       \
  X(memory_encoder.fuser.layer.dim, Required, MemoryEncoder, fuser.layer.dim)                    \
  X(memory_encoder.fuser.layer.kernel_size, Optional, MemoryEncoder, fuser.layer.kernelSize)     \
  X(memory_encoder.fuser.layer.padding, Optional, MemoryEncoder, fuser.layer.padding)            \
  X(memory_encoder.fuser.layer.drop_path, Optional, No, _)                                       \
  X(memory_encoder.fuser.layer.layer_scale_init_value, Optional, MemoryEncoder,                  \
    fuser.layer.layerScaleInitValue)                                                             \
  X(memory_encoder.fuser.layer.use_dwconv, Optional, MemoryEncoder, fuser.layer.useDwconv)       \
                                                                                                  \
  X(spatial_perceiver.target, Target, No, _)                                                     \
  X(spatial_perceiver.dim, Required, PerceiverResampler, dim)                                    \
  X(spatial_perceiver.depth, Required, PerceiverResampler, depth)                                \
  X(spatial_perceiver.dim_head, Optional, PerceiverResampler, dimHead)                           \
  X(spatial_perceiver.heads, Optional, PerceiverResampler, heads)                                \
  X(spatial_perceiver.num_latents, Optional, PerceiverResampler, numLatents)                     \
  X(spatial_perceiver.num_latents_2d, Optional, PerceiverResampler, numLatents2d)                \
  X(spatial_perceiver.ff_mult, Optional, PerceiverResampler, ffMult)                             \
  X(spatial_perceiver.hidden_dropout_p, Optional, PerceiverResampler, hiddenDropout)             \
  X(spatial_perceiver.attention_dropout_p, Optional, PerceiverResampler, attentionDropout)       \
  X(spatial_perceiver.pos_enc_at_key_value, Optional, PerceiverResampler, posEncAtKeyValue)      \
  X(spatial_perceiver.concat_kv_latents, Optional, PerceiverResampler, concatKvLatents)          \
  X(spatial_perceiver.use_self_attn, Optional, PerceiverResampler, useSelfAttn)                  \
  MASKLET_POSITION_ENCODING_FIELDS(X, spatial_perceiver.position_encoding, PerceiverResampler,    \
                                   positionEncoding)                                              \
                                                                                                  \
  X(sam_heads.mask_in_chans, NotInYaml, PromptEncoder, maskInChans)                              \
  X(sam_heads.num_multimask_outputs, NotInYaml, MaskDecoder, numMultimaskOutputs)                \
  X(sam_heads.transformer_depth, NotInYaml, MaskDecoder, transformer.depth)                      \
  X(sam_heads.transformer_mlp_dim, NotInYaml, MaskDecoder, transformer.mlpDim)                   \
  X(sam_heads.transformer_num_heads, NotInYaml, MaskDecoder, transformer.numHeads)               \
  X(sam_heads.attention_downsample_rate, NotInYaml, MaskDecoder,                                 \
    transformer.attentionDownsampleRate)                                                         \
  X(sam_heads.iou_head_depth, NotInYaml, MaskDecoder, iouHeadDepth)                              \
  X(sam_heads.iou_head_hidden_dim, NotInYaml, MaskDecoder, iouHeadHiddenDim)                     \
                                                                                                  \
  X(num_maskmem, Optional, No, _)                                                                \
  X(image_size, Optional, No, _)                                                                 \
  X(backbone_stride, Optional, No, _)                                                            \
  X(sigmoid_scale_for_mem_enc, Optional, No, _)                                                  \
  X(sigmoid_bias_for_mem_enc, Optional, No, _)                                                   \
  X(binarize_mask_from_pts_for_mem_enc, Optional, No, _)                                         \
  X(use_mask_input_as_output_without_sam, Optional, No, _)                                       \
  X(max_cond_frames_in_attn, Optional, No, _)                                                    \
  X(directly_add_no_mem_embed, Optional, No, _)                                                  \
  X(use_high_res_features_in_sam, Optional, MaskDecoder, useHighResFeatures)                     \
  X(multimask_output_in_sam, Optional, No, _)                                                    \
  X(multimask_min_pt_num, Optional, No, _)                                                       \
  X(multimask_max_pt_num, Optional, No, _)                                                       \
  X(multimask_output_for_tracking, Optional, No, _)                                              \
  X(use_multimask_token_for_obj_ptr, Optional, MaskDecoder, useMultimaskTokenForObjPtr)          \
  X(iou_prediction_use_sigmoid, Optional, MaskDecoder, iouPredictionUseSigmoid)                  \
  X(memory_temporal_stride_for_eval, Optional, No, _)                                            \
  X(non_overlap_masks_for_mem_enc, Optional, No, _)                                              \
  X(use_obj_ptrs_in_encoder, Optional, No, _)                                                    \
  X(max_obj_ptrs_in_encoder, Optional, No, _)                                                    \
  X(add_tpos_enc_to_obj_ptrs, Optional, No, _)                                                   \
  X(proj_tpos_enc_in_obj_ptrs, Optional, No, _)                                                  \
  X(use_signed_tpos_enc_to_obj_ptrs, Optional, No, _)                                            \
  X(only_obj_ptrs_in_the_past_for_eval, Optional, No, _)                                         \
  X(pred_obj_scores, Optional, MaskDecoder, predObjScores)                                       \
  X(pred_obj_scores_mlp, Optional, MaskDecoder, predObjScoresMlp)                                \
  X(fixed_no_obj_ptr, Optional, No, _)                                                           \
  X(soft_no_obj_ptr, Optional, No, _)                                                            \
  X(use_mlp_for_obj_ptr_proj, Optional, No, _)                                                   \
  X(no_obj_embed_spatial, Optional, No, _)                                                       \
  X(sam_mask_decoder_extra_args.dynamic_multimask_via_stability, Optional, MaskDecoder,          \
    dynamicMultimaskViaStability)                                                                \
  X(sam_mask_decoder_extra_args.dynamic_multimask_stability_delta, Optional, MaskDecoder,        \
    dynamicMultimaskStabilityDelta)                                                              \
  X(sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh, Optional, MaskDecoder,       \
    dynamicMultimaskStabilityThresh)                                                             \
  X(compile_image_encoder, Optional, No, _) /* accepted, no effect */                            \
  X(fill_hole_area, Optional, No, _)                                                             \
  X(non_overlap_masks, Optional, No, _)                                                          \
  X(clear_non_cond_mem_around_input, Optional, No, _)                                            \
  X(add_all_frames_to_correct_as_cond, Optional, No, _)
// clang-format on

// Calls visit(ModelConfigField, value&) for every field, in the list's order. `Config` is
// ModelConfig or const ModelConfig.
template <class Config, class Visitor>
void forEachModelConfigField(Config& config, Visitor&& visit) {
#define MASKLET_VISIT_MODEL_CONFIG_FIELD(member, yaml, Module, option) \
  visit(ModelConfigField{#member, YamlKey::yaml}, config.member);
  MASKLET_MODEL_CONFIG_FIELDS(MASKLET_VISIT_MODEL_CONFIG_FIELD)
#undef MASKLET_VISIT_MODEL_CONFIG_FIELD
}

}  // namespace masklet::model
