#include "cli/usage_error.h"

#include <iostream>

#include "cli/command_guard.h"

namespace masklet::cli {

int runGuarded(const char* name, int (*body)(const std::vector<std::string>&),
               const std::vector<std::string>& args) {
  return runGuarded(Command{name, "", "", body}, args, std::cerr);
}

}  // namespace masklet::cli
