#pragma once
// userMessage() for code that links LibTorch: a c10::Error (a failed TORCH_CHECK, say) is
// reduced to the first line of what_without_backtrace(), never the page of C++ backtrace its
// what() carries.
#include <c10/util/Exception.h>

#include <exception>
#include <string>

#include "common/error_log.h"

namespace masklet::model {

inline std::string userMessageWithTorch(const std::exception& error) {
  if (const auto* torchError = dynamic_cast<const c10::Error*>(&error)) {
    const std::string line = firstLine(torchError->what_without_backtrace());
    return "internal error: " + (line.empty() ? std::string("LibTorch failure") : line);
  }
  return userMessage(error);
}

}  // namespace masklet::model
