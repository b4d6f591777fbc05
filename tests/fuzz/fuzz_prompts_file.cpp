// The prompts file of headless tracking (`masklet-cli track`, batch): parsed, then checked
// against a small video.
#include "common/error.h"
#include "fuzz_input.h"
#include "project/prompts_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto steps =
        masklet::project::readPromptsFile(masklet::fuzz::asFile(data, size, ".json"));
    masklet::project::validatePromptsFile(steps, {160, 90, 0, 7}, "fuzz");
  } catch (const masklet::Error&) {
  }
  return 0;
}
