// The checkpoint reader on arbitrary bytes: zip container, restricted unpickler, tensor views.
#include "common/error.h"
#include "fuzz_input.h"
#include "model/checkpoint_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::model::readTensorBytes(masklet::fuzz::asString(data, size), "fuzz.pt");
  } catch (const masklet::Error&) {
  }
  return 0;
}
