#pragma once
// ModelConfig -> the options struct of each module, as SAM2Base and the Hydra config wire them
// (e.g. the SAM heads' width is the neck's d_model, the prompt grid is image_size /
// backbone_stride). One place, so the model and the module tests build identical modules; the
// plain copies come from the field list (model_config_fields.h).
#include "model/image_encoder.h"
#include "model/mask_decoder.h"
#include "model/memory_attention.h"
#include "model/memory_encoder.h"
#include "model/model_config.h"
#include "model/perceiver.h"
#include "model/prompt_encoder.h"

namespace masklet::model {

ImageEncoderOptions imageEncoderOptions(const ModelConfig& config);
MemoryAttentionOptions memoryAttentionOptions(const ModelConfig& config);
MemoryEncoderOptions memoryEncoderOptions(const ModelConfig& config);
PromptEncoderOptions promptEncoderOptions(const ModelConfig& config);
MaskDecoderOptions maskDecoderOptions(const ModelConfig& config);
// EdgeTAM's spatial_perceiver (only meaningful when config.hasSpatialPerceiver()).
PerceiverResamplerOptions perceiverResamplerOptions(const ModelConfig& config);

}  // namespace masklet::model
