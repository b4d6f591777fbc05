// ModelConfig: the official YAML schema (fixtures' configs, a config written in the official
// layout), defaults where a YAML is silent, interpolations, refusals, and the built-in table of
// the 8 official models checked against the numbers published in sam2/configs.
#include <QtTest/QtTest>

#include "error_of.h"
#include "test_registry.h"

#include <fstream>
#include <functional>

#include "common/error.h"
#include "model/model_config.h"
#include "model/model_config_yaml.h"
#include "model/official_models.h"
#include "shared_data.h"

using namespace masklet;
using model::ModelConfig;
using Ints = std::vector<int64_t>;

using masklet::test::errorOf;

namespace {

// The official sam2/configs/sam2.1/sam2.1_hiera_t.yaml (12/2024), verbatim.
const char* const kOfficialTinyYaml = R"yaml(# @package _global_

# Model
model:
  _target_: sam2.modeling.sam2_base.SAM2Base
  image_encoder:
    _target_: sam2.modeling.backbones.image_encoder.ImageEncoder
    scalp: 1
    trunk:
      _target_: sam2.modeling.backbones.hieradet.Hiera
      embed_dim: 96
      num_heads: 1
      stages: [1, 2, 7, 2]
      global_att_blocks: [5, 7, 9]
      window_pos_embed_bkg_spatial_size: [7, 7]
    neck:
      _target_: sam2.modeling.backbones.image_encoder.FpnNeck
      position_encoding:
        _target_: sam2.modeling.position_encoding.PositionEmbeddingSine
        num_pos_feats: 256
        normalize: true
        scale: null
        temperature: 10000
      d_model: 256
      backbone_channel_list: [768, 384, 192, 96]
      fpn_top_down_levels: [2, 3]  # output level 0 and 1 directly use the backbone features
      fpn_interp_model: nearest

  memory_attention:
    _target_: sam2.modeling.memory_attention.MemoryAttention
    d_model: 256
    pos_enc_at_input: true
    layer:
      _target_: sam2.modeling.memory_attention.MemoryAttentionLayer
      activation: relu
      dim_feedforward: 2048
      dropout: 0.1
      pos_enc_at_attn: false
      self_attention:
        _target_: sam2.modeling.sam.transformer.RoPEAttention
        rope_theta: 10000.0
        feat_sizes: [64, 64]
        embedding_dim: 256
        num_heads: 1
        downsample_rate: 1
        dropout: 0.1
      d_model: 256
      pos_enc_at_cross_attn_keys: true
      pos_enc_at_cross_attn_queries: false
      cross_attention:
        _target_: sam2.modeling.sam.transformer.RoPEAttention
        rope_theta: 10000.0
        feat_sizes: [64, 64]
        rope_k_repeat: True
        embedding_dim: 256
        num_heads: 1
        downsample_rate: 1
        dropout: 0.1
        kv_in_dim: 64
    num_layers: 4

  memory_encoder:
      _target_: sam2.modeling.memory_encoder.MemoryEncoder
      out_dim: 64
      position_encoding:
        _target_: sam2.modeling.position_encoding.PositionEmbeddingSine
        num_pos_feats: 64
        normalize: true
        scale: null
        temperature: 10000
      mask_downsampler:
        _target_: sam2.modeling.memory_encoder.MaskDownSampler
        kernel_size: 3
        stride: 2
        padding: 1
      fuser:
        _target_: sam2.modeling.memory_encoder.Fuser
        layer:
          _target_: sam2.modeling.memory_encoder.CXBlock
          dim: 256
          kernel_size: 7
          padding: 3
          layer_scale_init_value: 1e-6
          use_dwconv: True  # depth-wise convs
        num_layers: 2

  num_maskmem: 7
  image_size: 1024
  # apply scaled sigmoid on mask logits for memory encoder, and directly feed input mask as output mask
  # SAM decoder
  sigmoid_scale_for_mem_enc: 20.0
  sigmoid_bias_for_mem_enc: -10.0
  use_mask_input_as_output_without_sam: true
  # Memory
  directly_add_no_mem_embed: true
  no_obj_embed_spatial: true
  # use high-resolution feature map in the SAM mask decoder
  use_high_res_features_in_sam: true
  # output 3 masks on the first click on initial conditioning frames
  multimask_output_in_sam: true
  # SAM heads
  iou_prediction_use_sigmoid: True
  # cross-attend to object pointers from other frames (based on SAM output tokens) in the encoder
  use_obj_ptrs_in_encoder: true
  add_tpos_enc_to_obj_ptrs: true
  proj_tpos_enc_in_obj_ptrs: true
  use_signed_tpos_enc_to_obj_ptrs: true
  only_obj_ptrs_in_the_past_for_eval: true
  # object occlusion prediction
  pred_obj_scores: true
  pred_obj_scores_mlp: true
  fixed_no_obj_ptr: true
  # multimask tracking settings
  multimask_output_for_tracking: true
  use_multimask_token_for_obj_ptr: true
  multimask_min_pt_num: 0
  multimask_max_pt_num: 1
  use_mlp_for_obj_ptr_proj: true
  # Compilation flag
  # HieraT does not currently support compilation, should always be set to False
  compile_image_encoder: False
)yaml";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("test setup: '" + from + "' not in text");
  return text.replace(at, from.size(), to);
}

// The smallest config the schema accepts: every section, only the options without defaults.
const char* const kMinimalYaml = R"yaml(
model:
  _target_: sam2.modeling.sam2_base.SAM2Base
  image_encoder:
    _target_: sam2.modeling.backbones.image_encoder.ImageEncoder
    trunk:
      _target_: sam2.modeling.backbones.hieradet.Hiera
    neck:
      _target_: sam2.modeling.backbones.image_encoder.FpnNeck
      position_encoding:
        _target_: sam2.modeling.position_encoding.PositionEmbeddingSine
        num_pos_feats: 256
      d_model: 256
      backbone_channel_list: [1152, 576, 288, 144]
  memory_attention:
    _target_: sam2.modeling.memory_attention.MemoryAttention
    d_model: 256
    pos_enc_at_input: true
    num_layers: 4
    layer:
      _target_: sam2.modeling.memory_attention.MemoryAttentionLayer
      activation: relu
      dim_feedforward: 2048
      dropout: 0.1
      pos_enc_at_attn: false
      d_model: 256
      pos_enc_at_cross_attn_keys: true
      pos_enc_at_cross_attn_queries: false
      self_attention:
        _target_: sam2.modeling.sam.transformer.RoPEAttention
        embedding_dim: 256
        num_heads: 1
      cross_attention:
        _target_: sam2.modeling.sam.transformer.RoPEAttention
        embedding_dim: 256
        num_heads: 1
        kv_in_dim: 64
  memory_encoder:
    _target_: sam2.modeling.memory_encoder.MemoryEncoder
    out_dim: 64
    position_encoding:
      _target_: sam2.modeling.position_encoding.PositionEmbeddingSine
      num_pos_feats: 64
    mask_downsampler:
      _target_: sam2.modeling.memory_encoder.MaskDownSampler
    fuser:
      _target_: sam2.modeling.memory_encoder.Fuser
      num_layers: 2
      layer:
        _target_: sam2.modeling.memory_encoder.CXBlock
        dim: 256
)yaml";

}  // namespace

class TestModelConfig : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parsesFixtureConfigs_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("allFramesAsCond");
    QTest::newRow("sam2.1-mini") << "sam2.1-mini"
                                 << "sam2.1" << false;
    QTest::newRow("sam2.0-mini") << "sam2.0-mini"
                                 << "sam2" << false;
    QTest::newRow("sam2.1-mini-correct-as-cond") << "sam2.1-mini-correct-as-cond"
                                                 << "sam2.1" << true;
  }
  void parsesFixtureConfigs() {
    QFETCH(QString, fixture);
    QFETCH(QString, variant);
    QFETCH(bool, allFramesAsCond);
    const std::string relative = "fixtures/" + fixture.toStdString() + "/config.yaml";
    MASKLET_REQUIRE_SHARED(relative);
    const ModelConfig c = ModelConfig::fromYaml(test::sharedPath(relative));
    // Values as written in the fixture's config.yaml (and its README: embed 24, stages
    // [1,2,4,2], d_model 64, memory dim 32, image 256).
    const auto& trunk = c.image_encoder.trunk;
    QCOMPARE(trunk.embed_dim, int64_t(24));
    QCOMPARE(trunk.num_heads, int64_t(1));
    QCOMPARE(trunk.stages, (Ints{1, 2, 4, 2}));
    QCOMPARE(trunk.global_att_blocks, (Ints{4, 6}));
    QCOMPARE(trunk.window_spec, (Ints{8, 4, 14, 7}));  // not in the file: Hiera's default
    QCOMPARE(trunk.q_pool, int64_t(3));
    QCOMPARE(trunk.window_pos_embed_bkg_spatial_size[0], int64_t(7));
    const auto& neck = c.image_encoder.neck;
    QCOMPARE(neck.d_model, int64_t(64));
    QCOMPARE(neck.backbone_channel_list, (Ints{192, 96, 48, 24}));
    QCOMPARE(neck.fpn_top_down_levels, (Ints{2, 3}));
    QCOMPARE(neck.fpn_interp_model, std::string("nearest"));
    QCOMPARE(neck.position_encoding.num_pos_feats, int64_t(64));
    QVERIFY(!neck.position_encoding.scale.has_value());
    QCOMPARE(c.image_encoder.scalp, int64_t(1));
    const auto& ma = c.memory_attention;
    QCOMPARE(ma.d_model, int64_t(64));
    QCOMPARE(ma.num_layers, int64_t(2));
    QCOMPARE(ma.layer.dim_feedforward, int64_t(256));
    QCOMPARE(ma.layer.self_attention.feat_sizes[0], int64_t(16));
    QVERIFY(!ma.layer.self_attention.rope_k_repeat);
    QVERIFY(!ma.layer.self_attention.kv_in_dim.has_value());
    QVERIFY(ma.layer.cross_attention.rope_k_repeat);
    QCOMPARE(ma.layer.cross_attention.kvInDim(), int64_t(32));
    QCOMPARE(ma.layer.self_attention.kvInDim(), int64_t(64));
    const auto& me = c.memory_encoder;
    QCOMPARE(me.out_dim, int64_t(32));
    QCOMPARE(me.in_dim, int64_t(64));
    QCOMPARE(me.mask_downsampler.embed_dim, int64_t(64));
    QCOMPARE(me.mask_downsampler.stride, int64_t(2));
    QCOMPARE(me.mask_downsampler.numLayers(), int64_t(4));  // 2^4 = total_stride 16
    QCOMPARE(me.fuser.layer.dim, int64_t(64));
    QCOMPARE(me.fuser.layer.layer_scale_init_value, 1e-6);
    QCOMPARE(c.num_maskmem, int64_t(7));
    QCOMPARE(c.image_size, int64_t(256));
    QCOMPARE(c.imageEmbeddingSize(), int64_t(16));
    QCOMPARE(c.hiddenDim(), int64_t(64));
    QCOMPARE(c.memDim(), int64_t(32));
    QCOMPARE(c.sigmoid_scale_for_mem_enc, 20.0);
    QCOMPARE(c.sigmoid_bias_for_mem_enc, -10.0);
    QCOMPARE(c.multimask_min_pt_num, int64_t(0));
    QVERIFY(c.sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
    QCOMPARE(c.fill_hole_area, int64_t(8));
    QVERIFY(c.binarize_mask_from_pts_for_mem_enc);
    QCOMPARE(c.add_all_frames_to_correct_as_cond, allFramesAsCond);
    QCOMPARE(QString::fromStdString(c.variant()), variant);
    const bool sam21 = variant == "sam2.1";
    QCOMPARE(c.no_obj_embed_spatial, sam21);
    QCOMPARE(c.proj_tpos_enc_in_obj_ptrs, sam21);
    QCOMPARE(c.add_tpos_enc_to_obj_ptrs, sam21);
    QCOMPARE(c.use_signed_tpos_enc_to_obj_ptrs, sam21);
    // A shrunk model is not one of the official ones.
    QVERIFY(model::matchOfficialModel(c) == nullptr);
  }

  void officialTableHasThePublishedGeometry_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int64_t>("embedDim");
    QTest::addColumn<int64_t>("heads");
    QTest::addColumn<Ints>("stages");
    QTest::addColumn<Ints>("globalBlocks");
    QTest::addColumn<Ints>("windowSpec");
    QTest::addColumn<int64_t>("bkg");
    QTest::addColumn<Ints>("channels");
    const Ints defaultWindows{8, 4, 14, 7};
    for (const QString variant : {"sam2.1", "sam2"}) {
      QTest::newRow(qPrintable(variant + "_hiera_tiny"))
          << variant + "_hiera_tiny" << int64_t(96) << int64_t(1) << Ints{1, 2, 7, 2}
          << Ints{5, 7, 9} << defaultWindows << int64_t(7) << Ints{768, 384, 192, 96};
      QTest::newRow(qPrintable(variant + "_hiera_small"))
          << variant + "_hiera_small" << int64_t(96) << int64_t(1) << Ints{1, 2, 11, 2}
          << Ints{7, 10, 13} << defaultWindows << int64_t(7) << Ints{768, 384, 192, 96};
      QTest::newRow(qPrintable(variant + "_hiera_base_plus"))
          << variant + "_hiera_base_plus" << int64_t(112) << int64_t(2) << Ints{2, 3, 16, 3}
          << Ints{12, 16, 20} << defaultWindows << int64_t(14) << Ints{896, 448, 224, 112};
      QTest::newRow(qPrintable(variant + "_hiera_large"))
          << variant + "_hiera_large" << int64_t(144) << int64_t(2) << Ints{2, 6, 36, 4}
          << Ints{23, 33, 43} << Ints{8, 4, 16, 8} << int64_t(7) << Ints{1152, 576, 288, 144};
    }
  }
  void officialTableHasThePublishedGeometry() {
    QFETCH(QString, name);
    QFETCH(int64_t, embedDim);
    QFETCH(int64_t, heads);
    QFETCH(Ints, stages);
    QFETCH(Ints, globalBlocks);
    QFETCH(Ints, windowSpec);
    QFETCH(int64_t, bkg);
    QFETCH(Ints, channels);
    const auto* entry = model::findOfficialModel(name.toStdString());
    QVERIFY2(entry != nullptr, qPrintable(name));
    const ModelConfig& c = entry->config;
    QCOMPARE(c.image_encoder.trunk.embed_dim, embedDim);
    QCOMPARE(c.image_encoder.trunk.num_heads, heads);
    QCOMPARE(c.image_encoder.trunk.stages, stages);
    QCOMPARE(c.image_encoder.trunk.global_att_blocks, globalBlocks);
    QCOMPARE(c.image_encoder.trunk.window_spec, windowSpec);
    QCOMPARE(c.image_encoder.trunk.window_pos_embed_bkg_spatial_size[0], bkg);
    QCOMPARE(c.image_encoder.trunk.window_pos_embed_bkg_spatial_size[1], bkg);
    QCOMPARE(c.image_encoder.neck.backbone_channel_list, channels);
    // The same for every official model.
    QCOMPARE(c.image_size, int64_t(1024));
    QCOMPARE(c.hiddenDim(), int64_t(256));
    QCOMPARE(c.memDim(), int64_t(64));
    QCOMPARE(c.memory_attention.num_layers, int64_t(4));
    QCOMPARE(c.memory_attention.layer.self_attention.feat_sizes[0], int64_t(64));
    QCOMPARE(c.memory_attention.layer.cross_attention.kvInDim(), int64_t(64));
    QCOMPARE(c.memory_encoder.fuser.layer.dim, int64_t(256));
    QCOMPARE(c.memory_encoder.mask_downsampler.embed_dim, int64_t(256));
    QCOMPARE(c.image_encoder.neck.fpn_top_down_levels, (Ints{2, 3}));
    QCOMPARE(c.image_encoder.scalp, int64_t(1));
    QCOMPARE(c.sam_heads.transformer_mlp_dim, int64_t(2048));
    QCOMPARE(c.sam_heads.transformer_num_heads, int64_t(8));
    const bool sam21 = name.startsWith("sam2.1");
    QCOMPARE(QString::fromStdString(entry->variant), sam21 ? QString("sam2.1") : QString("sam2"));
    QCOMPARE(c.no_obj_embed_spatial, sam21);
    QCOMPARE(c.proj_tpos_enc_in_obj_ptrs, sam21);
    QCOMPARE(c.add_tpos_enc_to_obj_ptrs, sam21);
    QCOMPARE(c.use_signed_tpos_enc_to_obj_ptrs, sam21);
    c.validate(entry->name);
    QVERIFY(model::matchOfficialModel(c) == entry);
  }

  void tableNamesAndConfigNamesAreFound() {
    QCOMPARE(model::officialModels().size(), size_t(9));  // 8 SAM 2 / 2.1, EdgeTAM
    QCOMPARE(model::findOfficialModel("sam2.1_hiera_b+")->name,
             std::string("sam2.1_hiera_base_plus"));
    QCOMPARE(model::findOfficialModel("sam2_hiera_l")->size, std::string("large"));
    QVERIFY(model::findOfficialModel("sam3_hiera_tiny") == nullptr);
  }

  void officialYamlTextParsesToTheTableEntry_data() {
    QTest::addColumn<QString>("entry");
    QTest::addColumn<bool>("asSam20");
    QTest::addColumn<bool>("asLarge");
    QTest::newRow("sam2.1 tiny") << "sam2.1_hiera_tiny" << false << false;
    QTest::newRow("sam2 tiny") << "sam2_hiera_tiny" << true << false;
    QTest::newRow("sam2.1 large") << "sam2.1_hiera_large" << false << true;
  }
  void officialYamlTextParsesToTheTableEntry() {
    QFETCH(QString, entry);
    QFETCH(bool, asSam20);
    QFETCH(bool, asLarge);
    std::string text = kOfficialTinyYaml;
    if (asSam20) {  // the differences of sam2_hiera_t.yaml
      text = replaced(text, "  no_obj_embed_spatial: true\n", "");
      text = replaced(text,
                      "  add_tpos_enc_to_obj_ptrs: true\n  proj_tpos_enc_in_obj_ptrs: true\n"
                      "  use_signed_tpos_enc_to_obj_ptrs: true\n",
                      "  add_tpos_enc_to_obj_ptrs: false\n");
    }
    if (asLarge) {  // the differences of sam2.1_hiera_l.yaml
      text = replaced(text,
                      "      embed_dim: 96\n      num_heads: 1\n      stages: [1, 2, 7, 2]\n"
                      "      global_att_blocks: [5, 7, 9]\n",
                      "      embed_dim: 144\n      num_heads: 2\n      stages: [2, 6, 36, 4]\n"
                      "      global_att_blocks: [23, 33, 43]\n");
      text = replaced(
          text, "      window_pos_embed_bkg_spatial_size: [7, 7]\n",
          "      window_pos_embed_bkg_spatial_size: [7, 7]\n      window_spec: [8, 4, 16, 8]\n");
      text = replaced(text, "[768, 384, 192, 96]", "[1152, 576, 288, 144]");
    }
    const QString path = QDir(m_dir.path()).filePath(entry + ".yaml");
    std::ofstream(path.toStdString()) << text;
    const ModelConfig parsed = ModelConfig::fromYaml(path.toStdString());
    const auto* table = model::findOfficialModel(entry.toStdString());
    QVERIFY(table != nullptr);
    QCOMPARE(QString::fromStdString(parsed.dump()), QString::fromStdString(table->config.dump()));
    QVERIFY(parsed == table->config);
    QVERIFY(model::matchOfficialModel(parsed) == table);
  }

  void silentYamlGetsReferenceDefaults() {
    const ModelConfig c = model::modelConfigFromYamlText(kMinimalYaml, "minimal.yaml");
    // SAM2Base.__init__ defaults
    QCOMPARE(c.num_maskmem, int64_t(7));
    QCOMPARE(c.image_size, int64_t(512));
    QCOMPARE(c.backbone_stride, int64_t(16));
    QCOMPARE(c.sigmoid_scale_for_mem_enc, 1.0);
    QCOMPARE(c.max_cond_frames_in_attn, int64_t(-1));
    QCOMPARE(c.multimask_min_pt_num, int64_t(1));
    QCOMPARE(c.max_obj_ptrs_in_encoder, int64_t(16));
    QVERIFY(c.add_tpos_enc_to_obj_ptrs);
    QVERIFY(!c.use_obj_ptrs_in_encoder);
    QVERIFY(!c.no_obj_embed_spatial);
    // build_sam2_video_predictor's forced values
    QVERIFY(c.binarize_mask_from_pts_for_mem_enc);
    QCOMPARE(c.fill_hole_area, int64_t(8));
    QVERIFY(c.sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
    QCOMPARE(c.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta, 0.05);
    QCOMPARE(c.sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh, 0.98);
    QVERIFY(!c.add_all_frames_to_correct_as_cond);
    // Module defaults (Hiera, FpnNeck, PositionEmbeddingSine, MaskDownSampler, CXBlock)
    QCOMPARE(c.image_encoder.trunk.embed_dim, int64_t(96));
    QCOMPARE(c.image_encoder.trunk.stages, (Ints{2, 3, 16, 3}));
    QCOMPARE(c.image_encoder.trunk.global_att_blocks, (Ints{12, 16, 20}));
    QCOMPARE(c.image_encoder.trunk.window_pos_embed_bkg_spatial_size[0], int64_t(14));
    QCOMPARE(c.image_encoder.neck.fpn_interp_model, std::string("bilinear"));
    QCOMPARE(c.image_encoder.neck.fpn_top_down_levels, (Ints{0, 1, 2, 3}));  // None: all
    QCOMPARE(c.image_encoder.scalp, int64_t(0));
    QCOMPARE(c.image_encoder.neck.position_encoding.temperature, 10000.0);
    QVERIFY(c.image_encoder.neck.position_encoding.normalize);
    QCOMPARE(c.memory_encoder.in_dim, int64_t(256));
    QCOMPARE(c.memory_encoder.mask_downsampler.kernel_size, int64_t(4));
    QCOMPARE(c.memory_encoder.mask_downsampler.numLayers(), int64_t(2));
    QCOMPARE(c.memory_encoder.fuser.layer.kernel_size, int64_t(7));
    QCOMPARE(c.memory_attention.layer.self_attention.rope_theta, 10000.0);
    QCOMPARE(c.memory_attention.layer.self_attention.feat_sizes[1], int64_t(64));
    QCOMPARE(c.variant(), std::string("sam2"));
  }

  void explicitPredictorValuesWin() {
    std::string text = kMinimalYaml;
    text +=
        "  fill_hole_area: 0\n  binarize_mask_from_pts_for_mem_enc: false\n"
        "  sam_mask_decoder_extra_args:\n    dynamic_multimask_via_stability: false\n";
    const ModelConfig c = model::modelConfigFromYamlText(text, "explicit.yaml");
    QCOMPARE(c.fill_hole_area, int64_t(0));
    QVERIFY(!c.binarize_mask_from_pts_for_mem_enc);
    QVERIFY(!c.sam_mask_decoder_extra_args.dynamic_multimask_via_stability);
    QCOMPARE(c.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta, 0.05);
  }

  void resolvesInterpolations() {
    std::string text = std::string("scratch:\n  resolution: 768\n  name: hiera\n") + kMinimalYaml;
    text += "  image_size: ${scratch.resolution}\n";
    // relative: the layer's d_model from its parent, the cross attention's width from its layer
    text = replaced(text, "      d_model: 256\n      pos_enc_at_cross_attn_keys",
                    "      d_model: ${..d_model}\n      pos_enc_at_cross_attn_keys");
    text = replaced(text, "        embedding_dim: 256\n        num_heads: 1\n        kv_in_dim: 64",
                    "        embedding_dim: ${..d_model}\n        num_heads: 1\n"
                    "        kv_in_dim: ${model.memory_encoder.out_dim}");
    text = replaced(text, "activation: relu", "activation: ${.act}\n      act: relu");
    // `act` is not an option of the layer: the interpolation works, the stray key is refused
    QVERIFY(errorOf([&] {
              model::modelConfigFromYamlText(text, "interp.yaml");
            }).contains("model.memory_attention.layer.act"));
    text = replaced(text, "activation: ${.act}\n      act: relu",
                    "activation: \"${..layer.self_attention._target_}\"");
    QVERIFY(errorOf([&] {
              model::modelConfigFromYamlText(text, "interp.yaml");
            }).contains("memory_attention.layer.activation must be relu or gelu"));
    text = replaced(text, "activation: \"${..layer.self_attention._target_}\"", "activation: relu");
    const ModelConfig c = model::modelConfigFromYamlText(text, "interp.yaml");
    QCOMPARE(c.image_size, int64_t(768));
    QCOMPARE(c.memory_attention.layer.d_model, int64_t(256));
    QCOMPARE(c.memory_attention.layer.cross_attention.embedding_dim, int64_t(256));
    QCOMPARE(c.memory_attention.layer.cross_attention.kvInDim(), int64_t(64));
  }

  void refusesBadConfigs_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown trunk class") << "sam2.modeling.backbones.hieradet.Hiera"
                                         << "sam2.modeling.backbones.vit.ViT"
                                         << "key model.image_encoder.trunk._target_: unknown class "
                                            "'sam2.modeling.backbones.vit.ViT'";
    QTest::newRow("unknown model class")
        << "sam2.modeling.sam2_base.SAM2Base"
        << "evil.module.Payload"
        << "key model._target_: unknown class 'evil.module.Payload'";
    QTest::newRow("plain attention instead of RoPE")
        << "_target_: sam2.modeling.sam.transformer.RoPEAttention\n        embedding_dim: 256\n"
           "        num_heads: 1\n        kv_in_dim"
        << "_target_: sam2.modeling.sam.transformer.Attention\n        embedding_dim: 256\n"
           "        num_heads: 1\n        kv_in_dim"
        << "key model.memory_attention.layer.cross_attention._target_: unknown class";
    QTest::newRow("missing target")
        << "      _target_: sam2.modeling.memory_encoder.MaskDownSampler\n"
        << "      kernel_size: 3\n"
        << "key model.memory_encoder.mask_downsampler: missing _target_";
    QTest::newRow("misspelt option")
        << "      d_model: 256\n      backbone"
        << "      d_modle: 256\n      backbone"
        << "key model.image_encoder.neck.d_model: missing required option";
    QTest::newRow("unknown option")
        << "      num_pos_feats: 64\n"
        << "      num_pos_feats: 64\n      colour: blue\n"
        << "key model.memory_encoder.position_encoding.colour: unknown option";
    QTest::newRow("wrong type")
        << "num_layers: 4"
        << "num_layers: four"
        << "key model.memory_attention.num_layers: expected an integer, got 'four'";
    QTest::newRow("list item of wrong type")
        << "[1152, 576, 288, 144]"
        << "[1152, 576, x, 144]"
        << "key model.image_encoder.neck.backbone_channel_list.2: expected an integer, got 'x'";
    QTest::newRow("resolver call")
        << "num_layers: 4"
        << "num_layers: ${times:2,2}"
        << "key model.memory_attention.num_layers: uses the OmegaConf resolver expression";
    QTest::newRow("dangling interpolation")
        << "num_layers: 4"
        << "num_layers: ${scratch.layers}"
        << "key model.memory_attention.num_layers: interpolation ${scratch.layers} refers to "
           "scratch.layers, which is not set";
    QTest::newRow("interpolation cycle")
        << "num_layers: 4"
        << "num_layers: ${.num_layers}"
        << "key model.memory_attention.num_layers: interpolation cycle";
    QTest::newRow("global block beyond the trunk")
        << "      _target_: sam2.modeling.backbones.hieradet.Hiera\n"
        << "      _target_: sam2.modeling.backbones.hieradet.Hiera\n      global_att_blocks: [30]\n"
        << "global_att_blocks names block 30, but the trunk has 24 blocks";
    QTest::newRow("fixed no-object pointer without object scores")
        << "model:\n"
        << "model:\n  fixed_no_obj_ptr: true\n"
        << "fixed_no_obj_ptr needs pred_obj_scores and use_obj_ptrs_in_encoder";
    QTest::newRow("no model section") << "model:\n"
                                      << "modle:\n"
                                      << "no top-level 'model:' section";
  }
  void refusesBadConfigs() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, expected);
    const std::string text = replaced(kMinimalYaml, from.toStdString(), to.toStdString());
    const QString message = errorOf([&] { model::modelConfigFromYamlText(text, "bad.yaml"); });
    QVERIFY2(message.startsWith("bad.yaml"), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
  }

  void missingOrBrokenFilesAreClearErrors() {
    QVERIFY(errorOf([] {
              ModelConfig::fromYaml("/nonexistent/sam2.yaml");
            }).contains("'/nonexistent/sam2.yaml': file not found"));
    const QString path = QDir(m_dir.path()).filePath("broken.yaml");
    std::ofstream(path.toStdString()) << "model: [unclosed\n";
    QVERIFY(errorOf([&] { ModelConfig::fromYaml(path.toStdString()); }).contains("not valid YAML"));
  }

 private:
  QTemporaryDir m_dir;
};

MASKLET_TEST_APPLESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
