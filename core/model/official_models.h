#pragma once
// The 8 official SAM 2 / SAM 2.1 models with their full configs, transcribed from
// sam2/configs/sam2/sam2_hiera_{t,s,b+,l}.yaml and sam2/configs/sam2.1/sam2.1_hiera_*.yaml
// (12/2024) plus the video-predictor settings build_sam2_video_predictor adds. Lets a bare
// official checkpoint load with no YAML: heads, window sizes and global-attention blocks are not
// visible in the weights, so they come from here.
#include <string>
#include <vector>

#include "model/model_config.h"

namespace masklet::model {

struct OfficialModel {
  std::string name;        // checkpoint stem, e.g. "sam2.1_hiera_tiny"
  std::string configName;  // official YAML stem, e.g. "sam2.1_hiera_t"
  std::string variant;     // "sam2" or "sam2.1"
  std::string size;        // "tiny", "small", "base_plus" or "large"
  ModelConfig config;
};

// All 8, 2.1 first, each family from tiny to large.
const std::vector<OfficialModel>& officialModels();

// The entry whose name or configName is `name`; nullptr if none.
const OfficialModel* findOfficialModel(const std::string& name);

// The entry whose config equals `config` exactly; nullptr for a custom model.
const OfficialModel* matchOfficialModel(const ModelConfig& config);

}  // namespace masklet::model
