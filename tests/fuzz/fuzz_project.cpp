// A Masklet project file (.masklet JSON), as File > Open Project and autosave restore read it.
#include "common/error.h"
#include "fuzz_input.h"
#include "project/project_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    masklet::project::loadDocumentState(masklet::fuzz::asFile(data, size, ".masklet"));
  } catch (const masklet::Error&) {
  }
  return 0;
}
