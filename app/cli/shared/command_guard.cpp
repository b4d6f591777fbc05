#include "cli/shared/command_guard.h"

#include <exception>

#include "common/error.h"
#include "common/error_log.h"
#include "common/internal_error.h"
#include "model/torch_error.h"

namespace masklet::cli {

int runGuarded(const Command& command, const std::vector<std::string>& args, std::ostream& err) {
  const std::string prefix = "masklet-cli " + command.name + ": ";
  try {
    return command.run(args);
  } catch (const UsageError& error) {
    err << prefix << "usage error: " << error.what() << " (see masklet-cli " << command.name
        << " --help)\n";
    return kExitUsage;
  } catch (const Error& error) {
    appendToLog(prefix + "error: " + error.what());
    err << prefix << "error: " << error.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& error) {
    err << prefix
        << reportInternalError(prefix + "internal error, full text:\n",
                               model::internalErrorWithTorch(error))
        << "\n";
    return kExitInternal;
  } catch (...) {
    appendToLog(prefix + "internal error: unknown exception");
    err << prefix << "internal error: unknown exception\n";
    return kExitInternal;
  }
}

}  // namespace masklet::cli
