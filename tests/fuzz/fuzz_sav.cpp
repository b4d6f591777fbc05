// An SA-V annotation file (masklet per object, RLE per frame).
#include "common/error.h"
#include "dataset/sav_reader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::dataset::readSav(masklet::fuzz::asFile(data, size, ".json"));
  } catch (const masklet::Error&) {
  }
  return 0;
}
