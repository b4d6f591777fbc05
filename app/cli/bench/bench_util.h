#pragma once
// Process resource figures the benchmarks report.
#include <cstdint>
#include <string>

namespace masklet::cli {

// User + system CPU seconds of the process: with other work on the machine, wall time
// inflates while CPU time stays comparable.
double cpuSeconds();
// Peak resident memory of the process in MiB.
double peakRssMiB();

}  // namespace masklet::cli
