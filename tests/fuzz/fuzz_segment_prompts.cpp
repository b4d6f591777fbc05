// The prompts file of `masklet-cli segment` (JSON: image name -> list of prompts).
#include "cli/segment/segment_prompts.h"
#include "common/error.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto prompts =
        masklet::cli::readSegmentPrompts(masklet::fuzz::asFile(data, size, ".json"));
    prompts.forImage("cat.jpg");
  } catch (const masklet::Error&) {
  }
  return 0;
}
