// masklet-cli info --checkpoint FILE [--config YAML]: loads the checkpoint exactly as the app
// would (strict, config from the YAML or detected from the weights) and describes the model,
// or refuses with the loader's message (main turns it into exit code 1).
#include <iostream>
#include <string>

#include "cli/inspect/info_parts.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "model/precision.h"
#include "model/sam2_model.h"

namespace masklet::cli {

int runCheckpointInfo(const std::vector<std::string>& args) {
  std::string checkpoint;
  std::string config;
  std::string precision = "auto";
  bool help = false;
  OptionParser({"{} needs a value",
                "unexpected argument '{}' (usage: info --checkpoint FILE [--config YAML])",
                OptionParser::Unknown::Refused})
      .stop("--help", help)
      .stop("-h", help)
      .value("--precision", precision)
      .value("--checkpoint", checkpoint)
      .value("--config", config)
      .parse(args);
  if (help) {
    std::cout << "Usage: masklet-cli info --checkpoint FILE [--config YAML] "
                 "[--precision auto|fp32|bf16]\n"
                 "Loads a SAM 2 / SAM 2.1 or EdgeTAM checkpoint (.pt as published by Meta) and\n"
                 "prints its model, variant, size, parameter count and where its config came\n"
                 "from, and the compute precision the model would run in here and why.\n"
                 "Without --config an official checkpoint (the 8 SAM 2 / 2.1 ones, edgetam.pt) is\n"
                 "recognised from its weights.\n";
    return 0;
  }
  const auto request =
      parseOptionValue("--precision", [&] { return model::parsePrecisionRequest(precision); });
  const auto model = model::Sam2Model::load(checkpoint, config, torch::Device(torch::kCPU));
  std::cout << "checkpoint: " << checkpoint << "\n" << model->describe();
  const auto device = model::Sam2Model::defaultDevice();
  std::cout << "precision: " << model::choosePrecision(request, device).reason << " (on "
            << device.str() << ")\n";
  return 0;
}

}  // namespace masklet::cli
