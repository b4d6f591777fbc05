#include "cli/usage_error.h"

#include <exception>
#include <iostream>

namespace masklet::cli {

int runGuarded(const char* name, int (*body)(const std::vector<std::string>&),
               const std::vector<std::string>& args) {
  try {
    return body(args);
  } catch (const UsageError& e) {
    std::cerr << "masklet-cli " << name << ": " << e.what() << " (see masklet-cli " << name
              << " --help)\n";
    return kExitUsage;
  } catch (const Error& e) {
    std::cerr << "masklet-cli " << name << ": error: " << e.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "masklet-cli " << name << ": internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace masklet::cli
