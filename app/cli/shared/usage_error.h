#pragma once
// A command line that cannot be run as given (unknown option, missing value, a value that is
// not valid for its option: not a number, not one of the choices): the commands that throw it
// print it with a pointer to --help and exit 2, apart from refused input (exit 1,
// masklet::Error: a file, prompt or model that cannot be used, or a valid value that this input
// cannot satisfy, e.g. a frame past the video's end) and internal failures (exit 3).
#include <string>
#include <vector>

#include "common/error.h"

namespace masklet::cli {

class UsageError : public Error {
 public:
  using Error::Error;
};

// Exit codes of every masklet-cli command (main runs each through command_guard.h; documented
// in masklet-cli --help and the README).
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

// `text` as a whole number of at least `minimum` for `flag`; anything else (empty, a sign,
// letters, more than 9 digits) is a UsageError naming the flag and the value.
int parseWholeNumber(const std::string& flag, const std::string& text, int minimum = 0);

// The value of `flag` parsed by a core parser (a precision, a format name): its refusal, a
// masklet::Error, becomes a UsageError naming the flag, like every other bad option value.
template <typename Parse>
auto parseOptionValue(const std::string& flag, Parse&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const UsageError&) {
    throw;
  } catch (const Error& error) {
    throw UsageError(flag + ": " + error.what());
  }
}

// Runs a command body: UsageError -> message + exit 2, masklet::Error -> message + exit 1, any
// other exception -> "internal error" + exit 3. `name` prefixes the messages. The same guard
// as command_guard.h's (one line, details in the log file).
int runGuarded(const char* name, int (*body)(const std::vector<std::string>&),
               const std::vector<std::string>& args);

}  // namespace masklet::cli
