#pragma once
// Wall time per named phase of the model's work (image encoder, memory attention, ...), summed
// over a run: what `masklet-cli bench session --profile` prints to say where a frame's time
// goes. Sampling profilers lose the callers of OpenBLAS and oneDNN kernels (no unwind info),
// so the phases are marked in the code instead. Off by default: a disabled scope costs one
// relaxed atomic load. Phases may nest; each reports its own inclusive time.
#include <map>
#include <string>

namespace masklet::common {

struct PhaseTotal {
  double seconds = 0.0;
  long calls = 0;
};

// Starts (or stops) collecting; enabling clears what was collected before.
void setPhaseProfiling(bool enabled);
bool phaseProfilingEnabled();
std::map<std::string, PhaseTotal> phaseTotals();

// Adds the time from construction to destruction to `name` (a string literal) when enabled.
class PhaseScope {
 public:
  explicit PhaseScope(const char* name);
  ~PhaseScope();
  PhaseScope(const PhaseScope&) = delete;
  PhaseScope& operator=(const PhaseScope&) = delete;

 private:
  const char* m_name = nullptr;  // null: profiling was off at construction
  long long m_startNs = 0;
};

}  // namespace masklet::common
