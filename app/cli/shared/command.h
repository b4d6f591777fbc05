#pragma once
// Subcommands of masklet-cli. Each cmd_*.cpp defines one and registers it with a static
// CommandRegistration, so adding a command never edits a shared table.
#include <string>
#include <vector>

#include "cli/shared/usage_error.h"  // UsageError and the exit codes

namespace masklet::cli {

struct Command {
  std::string name;
  std::string usage;    // e.g. "info VIDEO | info --checkpoint FILE"
  std::string summary;  // one line for --help
  // Gets the arguments after the subcommand name; returns the process exit code. Throws
  // UsageError for bad arguments, masklet::Error for refused input.
  int (*run)(const std::vector<std::string>& args);
};

std::vector<Command>& commandRegistry();

struct CommandRegistration {
  explicit CommandRegistration(Command command) { commandRegistry().push_back(std::move(command)); }
};

}  // namespace masklet::cli
