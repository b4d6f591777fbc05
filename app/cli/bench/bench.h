#pragma once
// Benchmarks of masklet-cli bench. Each bench_*.cpp registers one with a static
// BenchRegistration; `masklet-cli bench NAME ARGS...` runs it and prints its numbers.
#include <string>
#include <vector>

namespace masklet::cli {

struct Bench {
  std::string name;
  std::string usage;
  std::string summary;
  int (*run)(const std::vector<std::string>& args);
};

std::vector<Bench>& benchRegistry();

struct BenchRegistration {
  explicit BenchRegistration(Bench bench) { benchRegistry().push_back(std::move(bench)); }
};

}  // namespace masklet::cli
