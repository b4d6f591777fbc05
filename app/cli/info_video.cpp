// Replaced by the video layer's implementation.
#include <iostream>

#include "cli/info_parts.h"

namespace masklet::cli {

int runVideoInfo(const std::vector<std::string>&) {
  std::cerr << "masklet-cli info: video support is not built in this version\n";
  return 1;
}

}  // namespace masklet::cli
