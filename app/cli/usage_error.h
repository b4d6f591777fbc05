#pragma once
// A command line that cannot be run as given (unknown option, missing value): the commands
// that throw it print it with a pointer to --help and exit 2, apart from refused input (exit 1,
// masklet::Error) and internal failures (exit 3).
#include <string>
#include <vector>

#include "common/error.h"

namespace masklet::cli {

class UsageError : public Error {
 public:
  using Error::Error;
};

// Exit codes of every masklet-cli command (main runs each through command_guard.h; documented
// in masklet-cli --help and the README).
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

// Runs a command body: UsageError -> message + exit 2, masklet::Error -> message + exit 1, any
// other exception -> "internal error" + exit 3. `name` prefixes the messages. The same guard
// as command_guard.h's (one line, details in the log file).
int runGuarded(const char* name, int (*body)(const std::vector<std::string>&),
               const std::vector<std::string>& args);

}  // namespace masklet::cli
