#include "model/sam2_model_options.h"

#include <type_traits>

#include "model/model_config_fields.h"

namespace masklet::model {
namespace {

// Copies every field the list sends to a member of `Options` as it is (its Module and option
// columns); what is derived first is set by the builders below.
template <class Options>
void copyListedFields(const ModelConfig& config, Options& options) {
#define MASKLET_COPY_MODEL_CONFIG_FIELD(member, yaml, Module, option) \
  if constexpr (std::is_same_v<Options, Module##Options>) options.option = config.member;
  MASKLET_MODEL_CONFIG_FIELDS(MASKLET_COPY_MODEL_CONFIG_FIELD)
#undef MASKLET_COPY_MODEL_CONFIG_FIELD
}

}  // namespace

ImageEncoderOptions imageEncoderOptions(const ModelConfig& config) {
  ImageEncoderOptions o;
  copyListedFields(config, o);
  o.timmTrunk = config.hasTimmTrunk();
  o.timm.name = config.image_encoder.trunk.name;
  o.timm.outIndices = config.image_encoder.trunk.outIndices();
  return o;
}

MemoryAttentionOptions memoryAttentionOptions(const ModelConfig& config) {
  const auto& layer = config.memory_attention.layer;
  MemoryAttentionOptions o;
  copyListedFields(config, o);
  o.layer.selfAttention.kvInDim = layer.self_attention.kvInDim();
  o.layer.crossAttention.kvInDim = layer.cross_attention.kvInDim();
  o.layer.crossAttention.v2 = layer.cross_attention.isV2();
  return o;
}

MemoryEncoderOptions memoryEncoderOptions(const ModelConfig& config) {
  MemoryEncoderOptions o;
  copyListedFields(config, o);
  o.fuser.dim = config.memory_encoder.fuser.dim.value_or(0);
  return o;
}

PromptEncoderOptions promptEncoderOptions(const ModelConfig& config) {
  PromptEncoderOptions o;
  copyListedFields(config, o);
  o.embedDim = config.hiddenDim();
  o.imageEmbeddingSize = {config.imageEmbeddingSize(), config.imageEmbeddingSize()};
  o.inputImageSize = {config.image_size, config.image_size};
  return o;
}

MaskDecoderOptions maskDecoderOptions(const ModelConfig& config) {
  MaskDecoderOptions o;
  copyListedFields(config, o);
  o.transformerDim = config.hiddenDim();
  o.transformer.embeddingDim = config.hiddenDim();
  return o;
}

PerceiverResamplerOptions perceiverResamplerOptions(const ModelConfig& config) {
  PerceiverResamplerOptions o;
  copyListedFields(config, o);
  return o;
}

}  // namespace masklet::model
