// masklet-cli bench NAME ...: speed and memory measurements (never asserted in unit tests).
#include <iostream>

#include "cli/bench/bench.h"
#include "cli/shared/command.h"

namespace masklet::cli {

std::vector<Bench>& benchRegistry() {
  static std::vector<Bench> benches;
  return benches;
}

namespace {

int runBench(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help") {
    std::cout << "Usage: masklet-cli bench NAME [ARGS...]\n\nBenchmarks:\n";
    for (const auto& bench : benchRegistry())
      std::cout << "  " << bench.name << ": " << bench.summary
                << "\n      usage: masklet-cli bench " << bench.usage << "\n";
    return args.empty() ? 2 : 0;
  }
  for (const auto& bench : benchRegistry()) {
    if (bench.name == args[0])
      return bench.run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::cerr << "masklet-cli bench: unknown benchmark '" << args[0] << "'\n";
  return 2;
}

const CommandRegistration registration{{"bench", "bench NAME [ARGS...]",
                                        "Run a benchmark (decode speed, model speed, ...)",
                                        &runBench}};

}  // namespace
}  // namespace masklet::cli
