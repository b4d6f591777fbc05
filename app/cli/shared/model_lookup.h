#pragma once
// Which checkpoint and YAML a command runs: --checkpoint FILE [--config YAML], or --model NAME
// looked up where models/fetch-model.sh installs models (the GUI's model folders).
#include <string>

namespace masklet::cli {

struct ModelFiles {
  std::string checkpoint;
  std::string config;  // "" when the checkpoint is an official one recognised from its weights
};

// With a checkpoint: it must exist; the config is `config`, else <checkpoint stem>.yaml beside
// it when present (how a custom model brings its config, as in the GUI). With a name: NAME.pt
// (or NAME as a file name) under the user model folder and $MASKLET_MODEL_DIR. Throws
// masklet::Error saying where it looked and how to install the model.
ModelFiles locateModel(const std::string& checkpoint, const std::string& config,
                       const std::string& name);

}  // namespace masklet::cli
