#include "model/official_models.h"

namespace masklet::model {
namespace {

// sam2.1_hiera_t.yaml, with the video-predictor settings (ModelConfig defaults) on top.
ModelConfig tinyConfig(bool sam21) {
  ModelConfig c;
  auto& trunk = c.image_encoder.trunk;
  trunk.embed_dim = 96;
  trunk.num_heads = 1;
  trunk.stages = {1, 2, 7, 2};
  trunk.global_att_blocks = {5, 7, 9};
  trunk.window_pos_embed_bkg_spatial_size = {7, 7};
  // window_spec: Hiera's default (8, 4, 14, 7)
  auto& neck = c.image_encoder.neck;
  neck.position_encoding = {256, 10000.0, true, std::nullopt};
  neck.d_model = 256;
  neck.backbone_channel_list = {768, 384, 192, 96};
  neck.fpn_top_down_levels = {2, 3};
  neck.fpn_interp_model = "nearest";
  c.image_encoder.scalp = 1;

  auto& ma = c.memory_attention;
  ma.d_model = 256;
  ma.pos_enc_at_input = true;
  ma.num_layers = 4;
  ma.layer.activation = "relu";
  ma.layer.dim_feedforward = 2048;
  ma.layer.dropout = 0.1;
  ma.layer.pos_enc_at_attn = false;
  ma.layer.d_model = 256;
  ma.layer.pos_enc_at_cross_attn_keys = true;
  ma.layer.pos_enc_at_cross_attn_queries = false;
  RoPEAttentionConfig rope;
  rope.rope_theta = 10000.0;
  rope.feat_sizes = {64, 64};
  rope.embedding_dim = 256;
  rope.num_heads = 1;
  rope.downsample_rate = 1;
  rope.dropout = 0.1;
  ma.layer.self_attention = rope;
  rope.rope_k_repeat = true;
  rope.kv_in_dim = 64;
  ma.layer.cross_attention = rope;

  auto& me = c.memory_encoder;
  me.out_dim = 64;
  me.position_encoding = {64, 10000.0, true, std::nullopt};
  me.mask_downsampler.kernel_size = 3;
  me.mask_downsampler.stride = 2;
  me.mask_downsampler.padding = 1;
  me.fuser.layer.dim = 256;
  me.fuser.layer.kernel_size = 7;
  me.fuser.layer.padding = 3;
  me.fuser.layer.layer_scale_init_value = 1e-6;
  me.fuser.layer.use_dwconv = true;
  me.fuser.num_layers = 2;

  c.num_maskmem = 7;
  c.image_size = 1024;
  c.sigmoid_scale_for_mem_enc = 20.0;
  c.sigmoid_bias_for_mem_enc = -10.0;
  c.use_mask_input_as_output_without_sam = true;
  c.directly_add_no_mem_embed = true;
  c.no_obj_embed_spatial = sam21;
  c.use_high_res_features_in_sam = true;
  c.multimask_output_in_sam = true;
  c.iou_prediction_use_sigmoid = true;
  c.use_obj_ptrs_in_encoder = true;
  c.add_tpos_enc_to_obj_ptrs = sam21;
  c.proj_tpos_enc_in_obj_ptrs = sam21;
  c.use_signed_tpos_enc_to_obj_ptrs = sam21;
  c.only_obj_ptrs_in_the_past_for_eval = true;
  c.pred_obj_scores = true;
  c.pred_obj_scores_mlp = true;
  c.fixed_no_obj_ptr = true;
  c.multimask_output_for_tracking = true;
  c.use_multimask_token_for_obj_ptr = true;
  c.multimask_min_pt_num = 0;
  c.multimask_max_pt_num = 1;
  c.use_mlp_for_obj_ptr_proj = true;
  c.compile_image_encoder = false;
  return c;
}

ModelConfig sizedConfig(bool sam21, const std::string& size) {
  ModelConfig c = tinyConfig(sam21);
  auto& trunk = c.image_encoder.trunk;
  auto& channels = c.image_encoder.neck.backbone_channel_list;
  if (size == "small") {
    trunk.stages = {1, 2, 11, 2};
    trunk.global_att_blocks = {7, 10, 13};
  } else if (size == "base_plus") {  // stages, global blocks, bkg size: Hiera defaults
    trunk.embed_dim = 112;
    trunk.num_heads = 2;
    trunk.stages = {2, 3, 16, 3};
    trunk.global_att_blocks = {12, 16, 20};
    trunk.window_pos_embed_bkg_spatial_size = {14, 14};
    channels = {896, 448, 224, 112};
  } else if (size == "large") {
    trunk.embed_dim = 144;
    trunk.num_heads = 2;
    trunk.stages = {2, 6, 36, 4};
    trunk.global_att_blocks = {23, 33, 43};
    trunk.window_spec = {8, 4, 16, 8};
    channels = {1152, 576, 288, 144};
  }
  return c;
}

// sam2/configs/edgetam.yaml of facebookresearch/EdgeTAM: SAM 2's heads, memory encoder and
// SAM2Base flags (those of sam2_hiera_t.yaml: no 2.1 additions) with timm's RepViT-M1 as the
// trunk, a 4-level neck, a 2-layer memory attention whose cross-attention is RoPEAttentionv2,
// and the spatial perceiver (256 global + 256 2-D latents of 64 channels).
ModelConfig edgetamConfig() {
  ModelConfig c = tinyConfig(false);
  auto& trunk = c.image_encoder.trunk;
  trunk = HieraConfig{};  // the Hiera fields keep their defaults under a timm trunk
  trunk.target = kTimmTrunk;
  trunk.name = "repvit_m1.dist_in1k";
  trunk.features = {"layer0", "layer1", "layer2", "layer3"};
  c.image_encoder.neck.backbone_channel_list = {384, 192, 96, 48};  // RepViT-M1's widths

  auto& ma = c.memory_attention;
  ma.num_layers = 2;
  ma.layer.self_attention.feat_sizes = {32, 32};
  RoPEAttentionConfig cross;
  cross.target = kRoPEAttentionV2;
  cross.rope_theta = 10000.0;
  cross.q_sizes = {64, 64};
  cross.k_sizes = {16, 16};
  cross.embedding_dim = 256;
  cross.num_heads = 1;
  cross.downsample_rate = 1;
  cross.dropout = 0.1;
  cross.kv_in_dim = 64;
  ma.layer.cross_attention = cross;

  auto& p = c.spatial_perceiver;
  p.target = kPerceiverResampler;
  p.depth = 2;
  p.dim = 64;
  p.dim_head = 64;
  p.heads = 1;
  p.ff_mult = 4.0;
  p.hidden_dropout_p = 0.0;
  p.attention_dropout_p = 0.0;
  p.pos_enc_at_key_value = true;
  p.concat_kv_latents = false;
  p.num_latents = 256;
  p.num_latents_2d = 256;
  p.position_encoding = {64, 10000.0, true, std::nullopt};
  p.use_self_attn = true;
  return c;
}

std::vector<OfficialModel> buildTable() {
  const std::vector<std::pair<std::string, std::string>> sizes{
      {"tiny", "t"}, {"small", "s"}, {"base_plus", "b+"}, {"large", "l"}};
  std::vector<OfficialModel> table;
  for (const bool sam21 : {true, false}) {
    const std::string variant = sam21 ? "sam2.1" : "sam2";
    for (const auto& [size, letter] : sizes) {
      table.push_back({variant + "_hiera_" + size, variant + "_hiera_" + letter, variant, size,
                       sizedConfig(sam21, size)});
    }
  }
  table.push_back({"edgetam", "edgetam", "edgetam", "standard", edgetamConfig()});
  return table;
}

}  // namespace

const std::vector<OfficialModel>& officialModels() {
  static const std::vector<OfficialModel> table = buildTable();
  return table;
}

const OfficialModel* findOfficialModel(const std::string& name) {
  for (const auto& model : officialModels())
    if (model.name == name || model.configName == name) return &model;
  return nullptr;
}

const OfficialModel* matchOfficialModel(const ModelConfig& config) {
  const std::string wanted = config.dump();
  for (const auto& model : officialModels())
    if (model.config.dump() == wanted) return &model;
  return nullptr;
}

}  // namespace masklet::model
