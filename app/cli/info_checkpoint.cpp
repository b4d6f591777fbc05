// Replaced by the checkpoint layer's implementation.
#include <iostream>

#include "cli/info_parts.h"

namespace masklet::cli {

int runCheckpointInfo(const std::vector<std::string>&) {
  std::cerr << "masklet-cli info: checkpoint support is not built in this version\n";
  return 1;
}

}  // namespace masklet::cli
