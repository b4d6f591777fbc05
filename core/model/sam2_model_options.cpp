#include "model/sam2_model_options.h"

namespace masklet::model {
namespace {

PositionEmbeddingSineOptions positionOptions(const PositionEncodingConfig& c) {
  PositionEmbeddingSineOptions o;
  o.numPosFeats = c.num_pos_feats;
  o.temperature = c.temperature;
  o.normalize = c.normalize;
  o.scale = c.scale;
  return o;
}

RoPEAttentionOptions ropeOptions(const RoPEAttentionConfig& c) {
  RoPEAttentionOptions o;
  o.embeddingDim = c.embedding_dim;
  o.numHeads = c.num_heads;
  o.downsampleRate = c.downsample_rate;
  o.dropout = c.dropout;
  o.kvInDim = c.kvInDim();
  o.ropeTheta = c.rope_theta;
  o.ropeKRepeat = c.rope_k_repeat;
  o.featSizes = c.feat_sizes;
  return o;
}

}  // namespace

ImageEncoderOptions imageEncoderOptions(const ModelConfig& config) {
  const auto& trunk = config.image_encoder.trunk;
  const auto& neck = config.image_encoder.neck;
  ImageEncoderOptions o;
  o.trunk.embedDim = trunk.embed_dim;
  o.trunk.numHeads = trunk.num_heads;
  o.trunk.qPool = trunk.q_pool;
  o.trunk.qStride = trunk.q_stride;
  o.trunk.stages = trunk.stages;
  o.trunk.dimMul = trunk.dim_mul;
  o.trunk.headMul = trunk.head_mul;
  o.trunk.windowPosEmbedBkgSpatialSize = trunk.window_pos_embed_bkg_spatial_size;
  o.trunk.windowSpec = trunk.window_spec;
  o.trunk.globalAttBlocks = trunk.global_att_blocks;
  o.trunk.returnIntermLayers = trunk.return_interm_layers;
  o.neck.positionEncoding = positionOptions(neck.position_encoding);
  o.neck.dModel = neck.d_model;
  o.neck.backboneChannelList = neck.backbone_channel_list;
  o.neck.kernelSize = neck.kernel_size;
  o.neck.stride = neck.stride;
  o.neck.padding = neck.padding;
  o.neck.fpnInterpModel = neck.fpn_interp_model;
  o.neck.fuseType = neck.fuse_type;
  o.neck.fpnTopDownLevels = neck.fpn_top_down_levels;
  o.scalp = config.image_encoder.scalp;
  return o;
}

MemoryAttentionOptions memoryAttentionOptions(const ModelConfig& config) {
  const auto& c = config.memory_attention;
  MemoryAttentionOptions o;
  o.dModel = c.d_model;
  o.posEncAtInput = c.pos_enc_at_input;
  o.numLayers = c.num_layers;
  o.batchFirst = c.batch_first;
  o.layer.activation = c.layer.activation;
  o.layer.dModel = c.layer.d_model;
  o.layer.dimFeedforward = c.layer.dim_feedforward;
  o.layer.dropout = c.layer.dropout;
  o.layer.posEncAtAttn = c.layer.pos_enc_at_attn;
  o.layer.posEncAtCrossAttnKeys = c.layer.pos_enc_at_cross_attn_keys;
  o.layer.posEncAtCrossAttnQueries = c.layer.pos_enc_at_cross_attn_queries;
  o.layer.selfAttention = ropeOptions(c.layer.self_attention);
  o.layer.crossAttention = ropeOptions(c.layer.cross_attention);
  return o;
}

MemoryEncoderOptions memoryEncoderOptions(const ModelConfig& config) {
  const auto& c = config.memory_encoder;
  MemoryEncoderOptions o;
  o.outDim = c.out_dim;
  o.inDim = c.in_dim;
  o.maskDownsampler.embedDim = c.mask_downsampler.embed_dim;
  o.maskDownsampler.kernelSize = c.mask_downsampler.kernel_size;
  o.maskDownsampler.stride = c.mask_downsampler.stride;
  o.maskDownsampler.padding = c.mask_downsampler.padding;
  o.maskDownsampler.totalStride = c.mask_downsampler.total_stride;
  o.fuser.numLayers = c.fuser.num_layers;
  o.fuser.dim = c.fuser.dim.value_or(0);
  o.fuser.inputProjection = c.fuser.input_projection;
  o.fuser.layer.dim = c.fuser.layer.dim;
  o.fuser.layer.kernelSize = c.fuser.layer.kernel_size;
  o.fuser.layer.padding = c.fuser.layer.padding;
  o.fuser.layer.layerScaleInitValue = c.fuser.layer.layer_scale_init_value;
  o.fuser.layer.useDwconv = c.fuser.layer.use_dwconv;
  o.positionEncoding = positionOptions(c.position_encoding);
  return o;
}

PromptEncoderOptions promptEncoderOptions(const ModelConfig& config) {
  PromptEncoderOptions o;
  o.embedDim = config.hiddenDim();
  o.imageEmbeddingSize = {config.imageEmbeddingSize(), config.imageEmbeddingSize()};
  o.inputImageSize = {config.image_size, config.image_size};
  o.maskInChans = config.sam_heads.mask_in_chans;
  return o;
}

MaskDecoderOptions maskDecoderOptions(const ModelConfig& config) {
  const auto& heads = config.sam_heads;
  MaskDecoderOptions o;
  o.transformerDim = config.hiddenDim();
  o.transformer.depth = heads.transformer_depth;
  o.transformer.embeddingDim = config.hiddenDim();
  o.transformer.numHeads = heads.transformer_num_heads;
  o.transformer.mlpDim = heads.transformer_mlp_dim;
  o.transformer.attentionDownsampleRate = heads.attention_downsample_rate;
  o.numMultimaskOutputs = heads.num_multimask_outputs;
  o.iouHeadDepth = heads.iou_head_depth;
  o.iouHeadHiddenDim = heads.iou_head_hidden_dim;
  o.useHighResFeatures = config.use_high_res_features_in_sam;
  o.iouPredictionUseSigmoid = config.iou_prediction_use_sigmoid;
  o.dynamicMultimaskViaStability =
      config.sam_mask_decoder_extra_args.dynamic_multimask_via_stability;
  o.dynamicMultimaskStabilityDelta =
      config.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta;
  o.dynamicMultimaskStabilityThresh =
      config.sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh;
  o.predObjScores = config.pred_obj_scores;
  o.predObjScoresMlp = config.pred_obj_scores_mlp;
  o.useMultimaskTokenForObjPtr = config.use_multimask_token_for_obj_ptr;
  return o;
}

}  // namespace masklet::model
