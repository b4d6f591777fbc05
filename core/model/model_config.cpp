#include "model/model_config.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "common/error.h"

namespace masklet::model {
namespace {

// Writes "path: value" lines; doubles with full precision so equal dumps mean equal values.
class DumpWriter {
 public:
  void add(const std::string& key, int64_t value) { line(key) << value << "\n"; }
  void add(const std::string& key, bool value) { line(key) << (value ? "true" : "false") << "\n"; }
  void add(const std::string& key, double value) {
    std::ostringstream text;
    text.precision(17);
    text << value;
    line(key) << text.str() << "\n";
  }
  void add(const std::string& key, const std::string& value) { line(key) << value << "\n"; }
  void add(const std::string& key, const std::vector<int64_t>& values) {
    auto& out = line(key);
    out << "[";
    for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
    out << "]\n";
  }
  void add(const std::string& key, const std::array<int64_t, 2>& values) {
    add(key, std::vector<int64_t>(values.begin(), values.end()));
  }
  void add(const std::string& key, const std::optional<int64_t>& value) {
    if (value) {
      add(key, *value);
    } else {
      add(key, std::string("null"));
    }
  }
  void add(const std::string& key, const std::optional<double>& value) {
    if (value) {
      add(key, *value);
    } else {
      add(key, std::string("null"));
    }
  }
  std::string text() const { return m_out.str(); }

 private:
  std::ostringstream& line(const std::string& key) {
    m_out << key << ": ";
    return m_out;
  }
  std::ostringstream m_out;
};

void dumpPositionEncoding(DumpWriter& w, const std::string& p, const PositionEncodingConfig& c) {
  w.add(p + ".num_pos_feats", c.num_pos_feats);
  w.add(p + ".temperature", c.temperature);
  w.add(p + ".normalize", c.normalize);
  w.add(p + ".scale", c.scale);
}

void dumpRoPE(DumpWriter& w, const std::string& p, const RoPEAttentionConfig& c) {
  w.add(p + ".embedding_dim", c.embedding_dim);
  w.add(p + ".num_heads", c.num_heads);
  w.add(p + ".downsample_rate", c.downsample_rate);
  w.add(p + ".dropout", c.dropout);
  w.add(p + ".kv_in_dim", c.kv_in_dim);
  w.add(p + ".rope_theta", c.rope_theta);
  w.add(p + ".rope_k_repeat", c.rope_k_repeat);
  w.add(p + ".feat_sizes", c.feat_sizes);
}

[[noreturn]] void invalid(const std::string& source, const std::string& message) {
  throw Error(source + ": invalid model config: " + message);
}

void requirePositive(const std::string& source, const std::string& key, int64_t value) {
  if (value <= 0) invalid(source, key + " must be positive, got " + std::to_string(value));
}

}  // namespace

int64_t HieraConfig::depth() const {
  return std::accumulate(stages.begin(), stages.end(), int64_t{0});
}

int64_t MaskDownSamplerConfig::numLayers() const {
  if (stride <= 1 || total_stride <= 0) return 0;
  return static_cast<int64_t>(
      std::floor(std::log2(double(total_stride)) / std::log2(double(stride)) + 1e-9));
}

int64_t ModelConfig::memDim() const {
  return memory_encoder.out_dim != memory_encoder.in_dim ? memory_encoder.out_dim : hiddenDim();
}

std::string ModelConfig::variant() const {
  return (no_obj_embed_spatial || proj_tpos_enc_in_obj_ptrs) ? "sam2.1" : "sam2";
}

void ModelConfig::validate(const std::string& source) const {
  const auto& trunk = image_encoder.trunk;
  const auto& neck = image_encoder.neck;
  requirePositive(source, "image_encoder.trunk.embed_dim", trunk.embed_dim);
  requirePositive(source, "image_encoder.trunk.num_heads", trunk.num_heads);
  if (trunk.stages.empty()) invalid(source, "image_encoder.trunk.stages is empty");
  for (int64_t count : trunk.stages)
    requirePositive(source, "each of image_encoder.trunk.stages", count);
  if (trunk.window_spec.size() != trunk.stages.size())
    invalid(source, "image_encoder.trunk.window_spec has " +
                        std::to_string(trunk.window_spec.size()) + " entries but stages has " +
                        std::to_string(trunk.stages.size()));
  if (trunk.q_pool < 0 || trunk.q_pool > int64_t(trunk.stages.size()) - 1)
    invalid(source, "image_encoder.trunk.q_pool must be within 0.." +
                        std::to_string(trunk.stages.size() - 1) + ", got " +
                        std::to_string(trunk.q_pool));
  for (int64_t block : trunk.global_att_blocks)
    if (block < 0 || block >= trunk.depth())
      invalid(source, "image_encoder.trunk.global_att_blocks names block " + std::to_string(block) +
                          ", but the trunk has " + std::to_string(trunk.depth()) + " blocks");
  requirePositive(source, "image_encoder.neck.d_model", neck.d_model);
  if (neck.backbone_channel_list.empty())
    invalid(source, "image_encoder.neck.backbone_channel_list is empty");
  if (neck.fuse_type != "sum" && neck.fuse_type != "avg")
    invalid(source,
            "image_encoder.neck.fuse_type must be 'sum' or 'avg', got '" + neck.fuse_type + "'");
  if (neck.fpn_interp_model != "nearest" && neck.fpn_interp_model != "bilinear" &&
      neck.fpn_interp_model != "bicubic")
    invalid(source, "image_encoder.neck.fpn_interp_model '" + neck.fpn_interp_model +
                        "' is not supported (nearest, bilinear, bicubic)");
  for (int64_t level : neck.fpn_top_down_levels)
    if (level < 0 || level >= int64_t(neck.backbone_channel_list.size()))
      invalid(source, "image_encoder.neck.fpn_top_down_levels names level " +
                          std::to_string(level) + " of " +
                          std::to_string(neck.backbone_channel_list.size()));
  if (image_encoder.scalp < 0 || image_encoder.scalp >= int64_t(neck.backbone_channel_list.size()))
    invalid(source, "image_encoder.scalp out of range: " + std::to_string(image_encoder.scalp));
  requirePositive(source, "memory_attention.num_layers", memory_attention.num_layers);
  const auto& layer = memory_attention.layer;
  if (layer.activation != "relu" && layer.activation != "gelu")
    invalid(source, "memory_attention.layer.activation must be relu or gelu, got '" +
                        layer.activation + "'");
  for (const auto* attention : {&layer.self_attention, &layer.cross_attention}) {
    const int64_t internal =
        attention->embedding_dim / std::max<int64_t>(1, attention->downsample_rate);
    if (attention->num_heads <= 0 || internal % attention->num_heads != 0)
      invalid(source, "memory_attention.layer attention: num_heads " +
                          std::to_string(attention->num_heads) + " must divide " +
                          std::to_string(internal));
  }
  const auto& downsampler = memory_encoder.mask_downsampler;
  const int64_t layers = downsampler.numLayers();
  int64_t reached = 1;
  for (int64_t i = 0; i < layers; ++i) reached *= downsampler.stride;
  if (layers <= 0 || reached != downsampler.total_stride)
    invalid(source, "memory_encoder.mask_downsampler: stride " +
                        std::to_string(downsampler.stride) + " does not reach total_stride " +
                        std::to_string(downsampler.total_stride) + " by repeated steps");
  requirePositive(source, "memory_encoder.out_dim", memory_encoder.out_dim);
  if (memory_encoder.fuser.input_projection && !memory_encoder.fuser.dim)
    invalid(source, "memory_encoder.fuser.input_projection needs memory_encoder.fuser.dim");
  requirePositive(source, "num_maskmem", num_maskmem);
  requirePositive(source, "image_size", image_size);
  requirePositive(source, "backbone_stride", backbone_stride);
  if (image_size % backbone_stride != 0)
    invalid(source, "image_size " + std::to_string(image_size) +
                        " is not a multiple of backbone_stride " + std::to_string(backbone_stride));
  // The assertions of SAM2Base.__init__.
  if (proj_tpos_enc_in_obj_ptrs && !add_tpos_enc_to_obj_ptrs)
    invalid(source, "proj_tpos_enc_in_obj_ptrs needs add_tpos_enc_to_obj_ptrs");
  if (fixed_no_obj_ptr && !(pred_obj_scores && use_obj_ptrs_in_encoder))
    invalid(source, "fixed_no_obj_ptr needs pred_obj_scores and use_obj_ptrs_in_encoder");
}

std::string ModelConfig::dump() const {
  DumpWriter w;
  const auto& t = image_encoder.trunk;
  w.add("image_encoder.trunk.embed_dim", t.embed_dim);
  w.add("image_encoder.trunk.num_heads", t.num_heads);
  w.add("image_encoder.trunk.drop_path_rate", t.drop_path_rate);
  w.add("image_encoder.trunk.q_pool", t.q_pool);
  w.add("image_encoder.trunk.q_stride", t.q_stride);
  w.add("image_encoder.trunk.stages", t.stages);
  w.add("image_encoder.trunk.dim_mul", t.dim_mul);
  w.add("image_encoder.trunk.head_mul", t.head_mul);
  w.add("image_encoder.trunk.window_pos_embed_bkg_spatial_size",
        t.window_pos_embed_bkg_spatial_size);
  w.add("image_encoder.trunk.window_spec", t.window_spec);
  w.add("image_encoder.trunk.global_att_blocks", t.global_att_blocks);
  w.add("image_encoder.trunk.return_interm_layers", t.return_interm_layers);
  const auto& n = image_encoder.neck;
  dumpPositionEncoding(w, "image_encoder.neck.position_encoding", n.position_encoding);
  w.add("image_encoder.neck.d_model", n.d_model);
  w.add("image_encoder.neck.backbone_channel_list", n.backbone_channel_list);
  w.add("image_encoder.neck.kernel_size", n.kernel_size);
  w.add("image_encoder.neck.stride", n.stride);
  w.add("image_encoder.neck.padding", n.padding);
  w.add("image_encoder.neck.fpn_interp_model", n.fpn_interp_model);
  w.add("image_encoder.neck.fuse_type", n.fuse_type);
  w.add("image_encoder.neck.fpn_top_down_levels", n.fpn_top_down_levels);
  w.add("image_encoder.scalp", image_encoder.scalp);

  const auto& ma = memory_attention;
  w.add("memory_attention.d_model", ma.d_model);
  w.add("memory_attention.pos_enc_at_input", ma.pos_enc_at_input);
  w.add("memory_attention.num_layers", ma.num_layers);
  w.add("memory_attention.batch_first", ma.batch_first);
  w.add("memory_attention.layer.activation", ma.layer.activation);
  w.add("memory_attention.layer.d_model", ma.layer.d_model);
  w.add("memory_attention.layer.dim_feedforward", ma.layer.dim_feedforward);
  w.add("memory_attention.layer.dropout", ma.layer.dropout);
  w.add("memory_attention.layer.pos_enc_at_attn", ma.layer.pos_enc_at_attn);
  w.add("memory_attention.layer.pos_enc_at_cross_attn_keys", ma.layer.pos_enc_at_cross_attn_keys);
  w.add("memory_attention.layer.pos_enc_at_cross_attn_queries",
        ma.layer.pos_enc_at_cross_attn_queries);
  dumpRoPE(w, "memory_attention.layer.self_attention", ma.layer.self_attention);
  dumpRoPE(w, "memory_attention.layer.cross_attention", ma.layer.cross_attention);

  const auto& me = memory_encoder;
  w.add("memory_encoder.out_dim", me.out_dim);
  w.add("memory_encoder.in_dim", me.in_dim);
  dumpPositionEncoding(w, "memory_encoder.position_encoding", me.position_encoding);
  w.add("memory_encoder.mask_downsampler.embed_dim", me.mask_downsampler.embed_dim);
  w.add("memory_encoder.mask_downsampler.kernel_size", me.mask_downsampler.kernel_size);
  w.add("memory_encoder.mask_downsampler.stride", me.mask_downsampler.stride);
  w.add("memory_encoder.mask_downsampler.padding", me.mask_downsampler.padding);
  w.add("memory_encoder.mask_downsampler.total_stride", me.mask_downsampler.total_stride);
  w.add("memory_encoder.mask_downsampler.activation", me.mask_downsampler.activation);
  w.add("memory_encoder.fuser.num_layers", me.fuser.num_layers);
  w.add("memory_encoder.fuser.dim", me.fuser.dim);
  w.add("memory_encoder.fuser.input_projection", me.fuser.input_projection);
  w.add("memory_encoder.fuser.layer.dim", me.fuser.layer.dim);
  w.add("memory_encoder.fuser.layer.kernel_size", me.fuser.layer.kernel_size);
  w.add("memory_encoder.fuser.layer.padding", me.fuser.layer.padding);
  w.add("memory_encoder.fuser.layer.drop_path", me.fuser.layer.drop_path);
  w.add("memory_encoder.fuser.layer.layer_scale_init_value", me.fuser.layer.layer_scale_init_value);
  w.add("memory_encoder.fuser.layer.use_dwconv", me.fuser.layer.use_dwconv);

  w.add("sam_heads.mask_in_chans", sam_heads.mask_in_chans);
  w.add("sam_heads.num_multimask_outputs", sam_heads.num_multimask_outputs);
  w.add("sam_heads.transformer_depth", sam_heads.transformer_depth);
  w.add("sam_heads.transformer_mlp_dim", sam_heads.transformer_mlp_dim);
  w.add("sam_heads.transformer_num_heads", sam_heads.transformer_num_heads);
  w.add("sam_heads.attention_downsample_rate", sam_heads.attention_downsample_rate);
  w.add("sam_heads.iou_head_depth", sam_heads.iou_head_depth);
  w.add("sam_heads.iou_head_hidden_dim", sam_heads.iou_head_hidden_dim);

  w.add("num_maskmem", num_maskmem);
  w.add("image_size", image_size);
  w.add("backbone_stride", backbone_stride);
  w.add("sigmoid_scale_for_mem_enc", sigmoid_scale_for_mem_enc);
  w.add("sigmoid_bias_for_mem_enc", sigmoid_bias_for_mem_enc);
  w.add("binarize_mask_from_pts_for_mem_enc", binarize_mask_from_pts_for_mem_enc);
  w.add("use_mask_input_as_output_without_sam", use_mask_input_as_output_without_sam);
  w.add("max_cond_frames_in_attn", max_cond_frames_in_attn);
  w.add("directly_add_no_mem_embed", directly_add_no_mem_embed);
  w.add("use_high_res_features_in_sam", use_high_res_features_in_sam);
  w.add("multimask_output_in_sam", multimask_output_in_sam);
  w.add("multimask_min_pt_num", multimask_min_pt_num);
  w.add("multimask_max_pt_num", multimask_max_pt_num);
  w.add("multimask_output_for_tracking", multimask_output_for_tracking);
  w.add("use_multimask_token_for_obj_ptr", use_multimask_token_for_obj_ptr);
  w.add("iou_prediction_use_sigmoid", iou_prediction_use_sigmoid);
  w.add("memory_temporal_stride_for_eval", memory_temporal_stride_for_eval);
  w.add("non_overlap_masks_for_mem_enc", non_overlap_masks_for_mem_enc);
  w.add("use_obj_ptrs_in_encoder", use_obj_ptrs_in_encoder);
  w.add("max_obj_ptrs_in_encoder", max_obj_ptrs_in_encoder);
  w.add("add_tpos_enc_to_obj_ptrs", add_tpos_enc_to_obj_ptrs);
  w.add("proj_tpos_enc_in_obj_ptrs", proj_tpos_enc_in_obj_ptrs);
  w.add("use_signed_tpos_enc_to_obj_ptrs", use_signed_tpos_enc_to_obj_ptrs);
  w.add("only_obj_ptrs_in_the_past_for_eval", only_obj_ptrs_in_the_past_for_eval);
  w.add("pred_obj_scores", pred_obj_scores);
  w.add("pred_obj_scores_mlp", pred_obj_scores_mlp);
  w.add("fixed_no_obj_ptr", fixed_no_obj_ptr);
  w.add("soft_no_obj_ptr", soft_no_obj_ptr);
  w.add("use_mlp_for_obj_ptr_proj", use_mlp_for_obj_ptr_proj);
  w.add("no_obj_embed_spatial", no_obj_embed_spatial);
  w.add("sam_mask_decoder_extra_args.dynamic_multimask_via_stability",
        sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
  w.add("sam_mask_decoder_extra_args.dynamic_multimask_stability_delta",
        sam_mask_decoder_extra_args.dynamic_multimask_stability_delta);
  w.add("sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh",
        sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh);
  w.add("compile_image_encoder", compile_image_encoder);
  w.add("fill_hole_area", fill_hole_area);
  w.add("non_overlap_masks", non_overlap_masks);
  w.add("clear_non_cond_mem_around_input", clear_non_cond_mem_around_input);
  w.add("add_all_frames_to_correct_as_cond", add_all_frames_to_correct_as_cond);
  return w.text();
}

bool operator==(const ModelConfig& a, const ModelConfig& b) {
  return a.dump() == b.dump();
}

}  // namespace masklet::model
