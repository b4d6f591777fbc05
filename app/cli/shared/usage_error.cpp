#include "cli/shared/usage_error.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "cli/shared/command_guard.h"

namespace masklet::cli {

int parseWholeNumber(const std::string& flag, const std::string& text, int minimum) {
  const bool digits =
      !text.empty() && text.size() <= 9 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoi(text) < minimum)
    throw UsageError(flag + " needs a whole number" +
                     (minimum > 0 ? " of at least " + std::to_string(minimum) : std::string()) +
                     ", got '" + text + "'");
  return std::stoi(text);
}

int runGuarded(const char* name, int (*body)(const std::vector<std::string>&),
               const std::vector<std::string>& args) {
  return runGuarded(Command{name, "", "", body}, args, std::cerr);
}

}  // namespace masklet::cli
