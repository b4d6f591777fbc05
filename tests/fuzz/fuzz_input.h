#pragma once
// Shared by the libFuzzer targets: the input as a string, and as a file for the readers that
// take a path. A refusal (masklet::Error) is the expected outcome for most inputs; any other
// exception escapes and libFuzzer reports it: it would reach the user as an internal error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace masklet::fuzz {

inline std::string asString(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// One file per fuzzer process, rewritten for every input.
inline std::string asFile(const uint8_t* data, size_t size, const std::string& extension) {
  const char* tmp = getenv("TMPDIR");
  const std::string path = std::string(tmp != nullptr ? tmp : "/tmp") + "/masklet-fuzz-" +
                           std::to_string(getpid()) + extension;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace masklet::fuzz
