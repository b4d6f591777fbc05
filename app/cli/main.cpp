// masklet-cli: the command-line front end. `masklet-cli --help` lists the subcommands.
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli/shared/command.h"
#include "cli/shared/command_guard.h"
#include "common/error_log.h"
#include "model/torch_threads.h"
#include "tracker/compute_threads.h"

namespace masklet::cli {

std::vector<Command>& commandRegistry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace masklet::cli

namespace {

void printHelp(std::ostream& out) {
  using masklet::cli::commandRegistry;
  auto commands = commandRegistry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  out << "masklet-cli " << MASKLET_VERSION << " — SAM 2 video annotation from the command line\n\n"
      << "Usage: masklet-cli COMMAND [ARGS...]\n\nCommands:\n";
  for (const auto& command : commands) {
    out << "  " << command.name
        << std::string(command.name.size() < 12 ? 12 - command.name.size() : 1, ' ')
        << command.summary << "\n      usage: masklet-cli " << command.usage << "\n";
  }
  out << "\nRun 'masklet-cli COMMAND --help' for a command's options.\n"
      << "\nExit codes: 0 success, 1 input refused (bad file, prompt or data: the message says\n"
      << "which), 2 usage error (wrong or missing arguments, an option value that is not\n"
      << "valid), 3 internal error (details appended to " << masklet::logPath() << ").\n";
}

}  // namespace

int main(int argc, char** argv) {
  masklet::model::ensurePassiveOpenMpWait(argv);
  masklet::model::keepFreedTensorMemory();
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp(std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "masklet-cli " << MASKLET_VERSION << "\n";
    return 0;
  }
  masklet::tracker::configureComputeThreads();
  for (const auto& command : masklet::cli::commandRegistry()) {
    if (command.name != args[0]) continue;
    return masklet::cli::runGuarded(command, std::vector<std::string>(args.begin() + 1, args.end()),
                                    std::cerr);
  }
  std::cerr << "masklet-cli: unknown command '" << args[0] << "' (see masklet-cli --help)\n";
  return masklet::cli::kExitUsage;
}
