#pragma once
// The exception type core throws for conditions a user can act on (bad file, bad prompt, ...).
// The worker boundary turns it into an error result; `what()` is shown to the user as is.
#include <stdexcept>
#include <string>

namespace masklet {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace masklet
