// The prompts file of headless tracking (`masklet-cli track`, batch): parsed, then checked
// against a small video.
#include "common/error.h"
#include "fuzz_input.h"
#include "project/session_steps.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto steps =
        masklet::project::readSessionSteps(masklet::fuzz::asFile(data, size, ".json"));
    masklet::project::validateSessionSteps(steps, {160, 90, 0, 7}, "fuzz");
  } catch (const masklet::Error&) {
  }
  return 0;
}
