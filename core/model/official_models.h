#pragma once
// The official models with their full configs: the 8 SAM 2 / SAM 2.1 ones, transcribed from
// sam2/configs/sam2/sam2_hiera_{t,s,b+,l}.yaml and sam2/configs/sam2.1/sam2.1_hiera_*.yaml
// (12/2024), and EdgeTAM (facebookresearch/EdgeTAM, checkpoint edgetam.pt), transcribed from its
// sam2/configs/edgetam.yaml; each plus the video-predictor settings build_sam2_video_predictor
// adds. Lets a bare official checkpoint load with no YAML: heads, window sizes, global-attention
// blocks and RoPE grids are not visible in the weights, so they come from here.
#include <string>
#include <vector>

#include "model/model_config.h"

namespace masklet::model {

struct OfficialModel {
  std::string name;        // checkpoint stem, e.g. "sam2.1_hiera_tiny", "edgetam"
  std::string configName;  // official YAML stem, e.g. "sam2.1_hiera_t", "edgetam"
  std::string variant;     // "sam2", "sam2.1" or "edgetam" (= config.variant())
  // "tiny", "small", "base_plus" or "large"; "standard" for EdgeTAM (its only size)
  std::string size;
  ModelConfig config;
};

// All 9: SAM 2.1, then SAM 2 (each from tiny to large), then EdgeTAM.
const std::vector<OfficialModel>& officialModels();

// The entry whose name or configName is `name`; nullptr if none.
const OfficialModel* findOfficialModel(const std::string& name);

// The entry whose config equals `config` exactly; nullptr for a custom model.
const OfficialModel* matchOfficialModel(const ModelConfig& config);

}  // namespace masklet::model
