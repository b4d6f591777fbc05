// COCO compressed counts strings, and RLE objects ({"size", "counts"} as string or list) through
// validation, area, box and decoding.
#include "common/error.h"
#include "dataset/json_util.h"
#include "dataset/rle.h"
#include "dataset/rle_json.h"
#include "dataset/rle_string.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace masklet::dataset;
  const std::string text = masklet::fuzz::asString(data, size);
  try {
    const auto counts = countsFromString(text, "fuzz");
    if (countsFromString(countsToString(counts), "again") != counts) __builtin_trap();
  } catch (const masklet::Error&) {
  }
  const Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    const Rle rle = rleFromJson(json, "fuzz");
    validateRle(rle, "fuzz");
    rleArea(rle);
    rleBbox(rle);
    decodeRle(rle);
  } catch (const masklet::Error&) {
  }
  return 0;
}
