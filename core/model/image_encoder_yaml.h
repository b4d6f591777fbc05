#pragma once
// ImageEncoderOptions from the `model.image_encoder` section of an official SAM 2 YAML config
// (the schema of sam2/configs/**.yaml: trunk = Hiera, neck = FpnNeck with
// PositionEmbeddingSine). Keys the YAML omits keep the Python constructors' defaults.
#include <yaml-cpp/yaml.h>

#include <string>

#include "model/image_encoder.h"

namespace masklet::model {

// `imageEncoder` is the model.image_encoder node; `where` names it in errors (file and key).
ImageEncoderOptions imageEncoderOptionsFromYaml(const YAML::Node& imageEncoder,
                                                const std::string& where);

// Reads model.image_encoder from the YAML file at `path`. Throws masklet::Error naming the file
// and key on a missing file, a missing section or a value of the wrong type (including Hydra
// `${...}` interpolations, which are not resolved).
ImageEncoderOptions imageEncoderOptionsFromYamlFile(const std::string& path);

}  // namespace masklet::model
