#pragma once
// The two halves of `masklet-cli info`: one describes a video, one a SAM 2 checkpoint.
#include <string>
#include <vector>

namespace masklet::cli {

// info VIDEO: codec, size, fps, exact frame count.
int runVideoInfo(const std::vector<std::string>& args);
// info --checkpoint FILE [--config YAML]: detected model or a clear refusal.
int runCheckpointInfo(const std::vector<std::string>& args);

}  // namespace masklet::cli
