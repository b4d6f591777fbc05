#pragma once
// Small helpers the benchmarks share: argument parsing and process resource figures.
#include <cstdint>
#include <string>

namespace masklet::cli {

// Parses a positive integer given for `flag`; throws UsageError naming the flag otherwise.
int64_t positiveInt(const std::string& flag, const std::string& text);
// User + system CPU seconds of the process: with other work on the machine, wall time
// inflates while CPU time stays comparable.
double cpuSeconds();
// Peak resident memory of the process in MiB.
double peakRssMiB();

}  // namespace masklet::cli
