// An SA-1B annotation file (one image, its masks as RLE).
#include "common/error.h"
#include "dataset/sa1b_reader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::dataset::readSa1b(masklet::fuzz::asFile(data, size, ".json"));
  } catch (const masklet::Error&) {
  }
  return 0;
}
