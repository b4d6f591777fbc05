#pragma once
// Every hyper-parameter of a SAM 2 / SAM 2.1 model, as the official YAML configs
// (sam2/configs/**.yaml, `model:` section) give them. Field names follow the YAML keys so the
// mapping stays obvious. Defaults are those of the 12/2024 reference (the Python constructors'
// defaults, plus what build_sam2_video_predictor forces for the video predictor), used
// wherever a YAML is silent. Every field is also listed once in model_config_fields.h, which
// drives the YAML reader, dump(), operator== and the module options.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace masklet::model {

// The `_target_` classes of the sections whose class varies (SAM 2 or EdgeTAM).
inline constexpr const char* kHieraTrunk = "sam2.modeling.backbones.hieradet.Hiera";
inline constexpr const char* kTimmTrunk = "sam2.modeling.backbones.timm.TimmBackbone";
inline constexpr const char* kRoPEAttention = "sam2.modeling.sam.transformer.RoPEAttention";
inline constexpr const char* kRoPEAttentionV2 = "sam2.modeling.sam.transformer.RoPEAttentionv2";
inline constexpr const char* kPerceiverResampler = "sam2.modeling.perceiver.PerceiverResampler";

// sam2.modeling.position_encoding.PositionEmbeddingSine
struct PositionEncodingConfig {
  int64_t num_pos_feats = 256;
  double temperature = 10000.0;
  bool normalize = true;
  std::optional<double> scale;  // null in the YAML: 2*pi when normalizing
};

// The trunk: sam2.modeling.backbones.hieradet.Hiera (SAM 2) or, for EdgeTAM,
// sam2.modeling.backbones.timm.TimmBackbone (timm's features-only RepViT). `target` says which;
// the other class's fields keep their defaults (validate() and the YAML reader insist).
struct HieraConfig {
  std::string target = kHieraTrunk;
  int64_t embed_dim = 96;
  int64_t num_heads = 1;
  double drop_path_rate = 0.0;  // training only
  int64_t q_pool = 3;
  std::array<int64_t, 2> q_stride{2, 2};
  std::vector<int64_t> stages{2, 3, 16, 3};
  double dim_mul = 2.0;
  double head_mul = 2.0;
  std::array<int64_t, 2> window_pos_embed_bkg_spatial_size{14, 14};
  std::vector<int64_t> window_spec{8, 4, 14, 7};
  std::vector<int64_t> global_att_blocks{12, 16, 20};
  bool return_interm_layers = true;
  // TimmBackbone
  std::string name = "repvit_m1.dist_in1k";  // the timm model (only RepViT-M1 is built)
  std::vector<std::string> features{"layer0", "layer1", "layer2", "layer3"};  // out_indices

  int64_t depth() const;  // Hiera: total number of blocks (sum of stages)
  // TimmBackbone: the feature indices ("layer2" -> 2).
  std::vector<int64_t> outIndices() const;
  // total number of blocks (sum of stages)
};

// sam2.modeling.backbones.image_encoder.FpnNeck
struct FpnNeckConfig {
  PositionEncodingConfig position_encoding;
  int64_t d_model = 256;
  std::vector<int64_t> backbone_channel_list{768, 384, 192, 96};
  int64_t kernel_size = 1;
  int64_t stride = 1;
  int64_t padding = 0;
  std::string fpn_interp_model = "bilinear";
  std::string fuse_type = "sum";
  // Python's None means "all levels"; stored resolved (0..n-1) so consumers need no special case.
  std::vector<int64_t> fpn_top_down_levels{0, 1, 2, 3};
};

// sam2.modeling.backbones.image_encoder.ImageEncoder
struct ImageEncoderConfig {
  HieraConfig trunk;
  FpnNeckConfig neck;
  int64_t scalp = 0;
};

// sam2.modeling.sam.transformer.RoPEAttention (an Attention with rotary position encoding), or
// for EdgeTAM's cross-attention RoPEAttentionv2 (separate query and key grids; the keys' grid
// is repeated once per spatial memory at run time). target, q_sizes and k_sizes are listed for
// the cross-attention only: self-attention is always RoPEAttention.
struct RoPEAttentionConfig {
  std::string target = kRoPEAttention;
  int64_t embedding_dim = 256;
  int64_t num_heads = 1;
  int64_t downsample_rate = 1;
  double dropout = 0.0;
  std::optional<int64_t> kv_in_dim;  // None: embedding_dim
  double rope_theta = 10000.0;
  bool rope_k_repeat = false;
  std::array<int64_t, 2> feat_sizes{64, 64};
  // RoPEAttentionv2: [w, h] of the query grid (image features) and of one memory's key grid.
  std::array<int64_t, 2> q_sizes{32, 32};
  std::array<int64_t, 2> k_sizes{32, 32};

  bool isV2() const { return target == kRoPEAttentionV2; }
  int64_t kvInDim() const { return kv_in_dim.value_or(embedding_dim); }
};

// sam2.modeling.memory_attention.MemoryAttentionLayer
struct MemoryAttentionLayerConfig {
  std::string activation = "relu";
  int64_t d_model = 256;
  int64_t dim_feedforward = 2048;
  double dropout = 0.1;
  bool pos_enc_at_attn = false;
  bool pos_enc_at_cross_attn_keys = true;
  bool pos_enc_at_cross_attn_queries = false;
  RoPEAttentionConfig self_attention;
  RoPEAttentionConfig cross_attention;
};

// sam2.modeling.memory_attention.MemoryAttention
struct MemoryAttentionConfig {
  int64_t d_model = 256;
  bool pos_enc_at_input = true;
  MemoryAttentionLayerConfig layer;
  int64_t num_layers = 4;
  bool batch_first = true;
};

// sam2.modeling.memory_encoder.MaskDownSampler
struct MaskDownSamplerConfig {
  int64_t embed_dim = 256;
  int64_t kernel_size = 4;
  int64_t stride = 4;
  int64_t padding = 0;
  int64_t total_stride = 16;
  std::string activation = "gelu";  // nn.GELU, not settable from the YAML

  int64_t numLayers() const;  // log2(total_stride) / log2(stride)
};

// sam2.modeling.memory_encoder.CXBlock
struct CXBlockConfig {
  int64_t dim = 256;
  int64_t kernel_size = 7;
  int64_t padding = 3;
  double drop_path = 0.0;
  double layer_scale_init_value = 1e-6;
  bool use_dwconv = true;
};

// sam2.modeling.memory_encoder.Fuser
struct FuserConfig {
  CXBlockConfig layer;
  int64_t num_layers = 2;
  std::optional<int64_t> dim;
  bool input_projection = false;
};

// sam2.modeling.memory_encoder.MemoryEncoder
struct MemoryEncoderConfig {
  int64_t out_dim = 64;
  MaskDownSamplerConfig mask_downsampler;
  FuserConfig fuser;
  PositionEncodingConfig position_encoding{64, 10000.0, true, std::nullopt};
  int64_t in_dim = 256;
};

// sam2.modeling.perceiver.PerceiverResampler (EdgeTAM's spatial_perceiver): compresses each new
// memory into num_latents global latents plus num_latents_2d window latents. `target` empty:
// no perceiver (SAM 2); every other field then keeps its default.
struct PerceiverResamplerConfig {
  std::string target;
  int64_t dim = 64;
  int64_t depth = 2;
  int64_t dim_head = 64;
  int64_t heads = 1;
  int64_t num_latents = -1;     // <= 0: no global latents
  int64_t num_latents_2d = -1;  // <= 0: no window latents; else a square number of windows
  double ff_mult = 4.0;
  double hidden_dropout_p = 0.1;      // training only
  double attention_dropout_p = 0.05;  // training only
  // Accepted for the schema; the reference adds the memory's position encoding to the global
  // latents' keys and values whenever it is given, whatever this flag says.
  bool pos_enc_at_key_value = false;
  bool concat_kv_latents = false;
  PositionEncodingConfig position_encoding{64, 10000.0, true, std::nullopt};
  bool use_self_attn = false;
};

// sam_mask_decoder_extra_args: build_sam2(_video_predictor) forces these three values.
struct MaskDecoderExtraArgs {
  bool dynamic_multimask_via_stability = true;
  double dynamic_multimask_stability_delta = 0.05;
  double dynamic_multimask_stability_thresh = 0.98;
};

// Hyper-parameters SAM2Base._build_sam_heads passes to PromptEncoder, TwoWayTransformer and
// MaskDecoder as literals. The YAML cannot change them; kept here so no module hard-codes them.
struct SamHeadsConfig {
  int64_t mask_in_chans = 16;
  int64_t num_multimask_outputs = 3;
  int64_t transformer_depth = 2;
  int64_t transformer_mlp_dim = 2048;
  int64_t transformer_num_heads = 8;
  int64_t attention_downsample_rate = 2;
  int64_t iou_head_depth = 3;
  int64_t iou_head_hidden_dim = 256;
};

struct ModelConfig {
  ImageEncoderConfig image_encoder;
  MemoryAttentionConfig memory_attention;
  MemoryEncoderConfig memory_encoder;
  PerceiverResamplerConfig spatial_perceiver;
  SamHeadsConfig sam_heads;

  // SAM2Base
  int64_t num_maskmem = 7;
  int64_t image_size = 512;
  int64_t backbone_stride = 16;
  double sigmoid_scale_for_mem_enc = 1.0;
  double sigmoid_bias_for_mem_enc = 0.0;
  bool binarize_mask_from_pts_for_mem_enc = true;  // video predictor (SAM2Base: false)
  bool use_mask_input_as_output_without_sam = false;
  int64_t max_cond_frames_in_attn = -1;
  bool directly_add_no_mem_embed = false;
  bool use_high_res_features_in_sam = false;
  bool multimask_output_in_sam = false;
  int64_t multimask_min_pt_num = 1;
  int64_t multimask_max_pt_num = 1;
  bool multimask_output_for_tracking = false;
  bool use_multimask_token_for_obj_ptr = false;
  bool iou_prediction_use_sigmoid = false;
  int64_t memory_temporal_stride_for_eval = 1;
  bool non_overlap_masks_for_mem_enc = false;
  bool use_obj_ptrs_in_encoder = false;
  int64_t max_obj_ptrs_in_encoder = 16;
  bool add_tpos_enc_to_obj_ptrs = true;
  bool proj_tpos_enc_in_obj_ptrs = false;
  bool use_signed_tpos_enc_to_obj_ptrs = false;
  bool only_obj_ptrs_in_the_past_for_eval = false;
  bool pred_obj_scores = false;
  bool pred_obj_scores_mlp = false;
  bool fixed_no_obj_ptr = false;
  bool soft_no_obj_ptr = false;
  bool use_mlp_for_obj_ptr_proj = false;
  bool no_obj_embed_spatial = false;
  MaskDecoderExtraArgs sam_mask_decoder_extra_args;
  bool compile_image_encoder = false;  // accepted, no effect here

  // SAM2VideoPredictor
  int64_t fill_hole_area = 8;  // video predictor build (SAM2VideoPredictor: 0)
  bool non_overlap_masks = false;
  bool clear_non_cond_mem_around_input = false;
  bool add_all_frames_to_correct_as_cond = false;

  // Derived values, as SAM2Base computes them.
  int64_t hiddenDim() const { return image_encoder.neck.d_model; }
  // Channels of the memory features: out_proj's output, or hiddenDim() without an out_proj.
  int64_t memDim() const;
  int64_t imageEmbeddingSize() const { return image_size / backbone_stride; }
  // "sam2.1" when the model has the 2.1 additions (no_obj_embed_spatial, projected temporal
  // encoding of object pointers), else "sam2".
  // "edgetam" for a timm trunk.
  std::string variant() const;
  bool hasTimmTrunk() const { return image_encoder.trunk.target == kTimmTrunk; }
  bool hasSpatialPerceiver() const { return !spatial_perceiver.target.empty(); }
  // False for a listed field (model_config_fields.h path) that the class chosen for its section
  // does not have (a Hiera option on a timm trunk, a perceiver option without a perceiver...).
  // Such a field is neither read nor written, and must keep its default.
  bool fieldApplies(const std::string& path) const;

  // Reads the `model:` section of a config in the official YAML schema. Throws masklet::Error
  // naming the file and key on anything it cannot honour (unknown _target_ or key, bad type).
  static ModelConfig fromYaml(const std::string& path);

  // Checks the constraints the Python constructors assert; throws masklet::Error naming the
  // offending field. `source` names the config in the message.
  void validate(const std::string& source) const;

  // Every field as "path: value" lines in the field list's order: compares configs and shows
  // them.
  std::string dump() const;

 private:
  void validateHieraTrunk(const std::string& source) const;
  void validateTimmTrunk(const std::string& source) const;
  void validatePerceiver(const std::string& source) const;
  void validateRest(const std::string& source) const;
};

bool operator==(const ModelConfig& a, const ModelConfig& b);
inline bool operator!=(const ModelConfig& a, const ModelConfig& b) {
  return !(a == b);
}

}  // namespace masklet::model
