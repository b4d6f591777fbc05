#pragma once
// The internal-error policy (common/internal_error.h) for code that links LibTorch: a
// c10::Error (a failed TORCH_CHECK, say) reads as the first line of what_without_backtrace(),
// never the page of C++ backtrace its what() carries; that page goes to the log only.
#include <c10/util/Exception.h>

#include <exception>

#include "common/internal_error.h"

namespace masklet::model {

inline InternalError internalErrorWithTorch(const std::exception& error) {
  if (const auto* torchError = dynamic_cast<const c10::Error*>(&error))
    return {torchError->what_without_backtrace(), torchError->what(), "LibTorch failure"};
  return internalErrorOf(error);
}

}  // namespace masklet::model
