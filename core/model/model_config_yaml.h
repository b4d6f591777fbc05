#pragma once
// Reading ModelConfig from a config in the official SAM 2 YAML schema: the `model:` section
// with Hydra `_target_` class names (sam2/configs/sam2*/...yaml). Only the classes the port
// implements are accepted; OmegaConf interpolations `${a.b}`, `${.x}`, `${..x}` are resolved,
// resolver calls (`${name:...}`) are refused with the key that uses them.
#include <string>

#include "model/model_config.h"

namespace masklet::model {

// Parses YAML `text`; `source` (a file name) prefixes every error message.
ModelConfig modelConfigFromYamlText(const std::string& text, const std::string& source);

// `config` in the same schema: every field the YAML can set, each section with the first class
// it accepts. modelConfigFromYamlText reads it back to an equal config.
std::string modelConfigToYamlText(const ModelConfig& config);

}  // namespace masklet::model
