// A model config in the official YAML schema (the file next to a custom checkpoint).
#include "common/error.h"
#include "fuzz_input.h"
#include "model/model_config_yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::model::modelConfigFromYamlText(masklet::fuzz::asString(data, size), "fuzz.yaml");
  } catch (const masklet::Error&) {
  }
  return 0;
}
