#include "model/model_config_schema.h"

#include <stdexcept>

#include "model/model_config.h"

namespace masklet::model {
namespace {

const char* const kPositionEmbeddingSine = "sam2.modeling.position_encoding.PositionEmbeddingSine";

}  // namespace

const std::vector<SectionSchema>& sectionSchemas() {
  static const std::vector<SectionSchema> schemas{
      // build_sam2_video_predictor replaces SAM2Base by the predictor; the VOS variant only adds
      // torch.compile. All three describe the same network.
      {"",
       {"sam2.modeling.sam2_base.SAM2Base", "sam2.sam2_video_predictor.SAM2VideoPredictor",
        "sam2.sam2_video_predictor.SAM2VideoPredictorVOS"}},
      {"image_encoder", {"sam2.modeling.backbones.image_encoder.ImageEncoder"}},
      {"image_encoder.trunk",
       {kHieraTrunk, kTimmTrunk},
       {},
       {{"weights_path", "separate trunk weights are not supported: put them in the checkpoint"}}},
      {"image_encoder.neck", {"sam2.modeling.backbones.image_encoder.FpnNeck"}},
      // warmup_cache, image_size, strides: the compile-time cache warm-up only
      {"image_encoder.neck.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      {"memory_attention", {"sam2.modeling.memory_attention.MemoryAttention"}},
      {"memory_attention.layer", {"sam2.modeling.memory_attention.MemoryAttentionLayer"}},
      {"memory_attention.layer.self_attention", {kRoPEAttention}},
      {"memory_attention.layer.cross_attention", {kRoPEAttention, kRoPEAttentionV2}},
      {"memory_encoder", {"sam2.modeling.memory_encoder.MemoryEncoder"}},
      {"memory_encoder.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      {"memory_encoder.mask_downsampler",
       {"sam2.modeling.memory_encoder.MaskDownSampler"},
       {},
       {{"activation", "only the default nn.GELU activation is supported"}}},
      {"memory_encoder.fuser", {"sam2.modeling.memory_encoder.Fuser"}},
      {"memory_encoder.fuser.layer", {"sam2.modeling.memory_encoder.CXBlock"}},
      // EdgeTAM; null or absent: no perceiver (SAM 2). hidden/attention dropout: training only.
      {"spatial_perceiver", {kPerceiverResampler}, {}, {}, true},
      {"spatial_perceiver.position_encoding",
       {kPositionEmbeddingSine},
       {"warmup_cache", "image_size", "strides"}},
      // Null or absent: the values build_sam2_video_predictor forces (the struct defaults).
      {"sam_mask_decoder_extra_args", {}, {}, {}, true},
  };
  return schemas;
}

const SectionSchema& schemaOf(const YamlPath& path) {
  const std::string dotted = joinYamlPath(path);
  for (const auto& schema : sectionSchemas())
    if (schema.path == dotted) return schema;
  throw std::logic_error("model_config_schema.cpp: no schema for the section '" + dotted +
                         "' of model_config_fields.h");
}

}  // namespace masklet::model
