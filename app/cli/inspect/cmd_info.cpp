// masklet-cli info: describe a video or a checkpoint.
#include <algorithm>

#include "cli/inspect/info_parts.h"
#include "cli/shared/command.h"

namespace masklet::cli {
namespace {

int runInfo(const std::vector<std::string>& args) {
  const bool isCheckpoint = std::find(args.begin(), args.end(), "--checkpoint") != args.end();
  return isCheckpoint ? runCheckpointInfo(args) : runVideoInfo(args);
}

const CommandRegistration registration{
    {"info", "info VIDEO | info --checkpoint FILE [--config YAML]",
     "Describe a video (codec, size, fps, exact frame count) or a SAM 2 checkpoint", &runInfo}};

}  // namespace
}  // namespace masklet::cli
