#pragma once
// The one error guard around every masklet-cli command: the user gets one actionable line and
// an exit code by kind (command.h: 1 refused input, 2 usage, 3 internal); the full text of the
// error, a LibTorch backtrace included, is appended to the log file (common/error_log.h).
#include <ostream>
#include <string>
#include <vector>

#include "cli/shared/command.h"

namespace masklet::cli {

int runGuarded(const Command& command, const std::vector<std::string>& args, std::ostream& err);

}  // namespace masklet::cli
