// A COCO annotation file (the reader as `convert` and File > Import use it).
#include "common/error.h"
#include "dataset/coco_reader.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::dataset::readCoco(masklet::fuzz::asFile(data, size, ".json"));
  } catch (const masklet::Error&) {
  }
  return 0;
}
