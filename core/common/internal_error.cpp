#include "common/internal_error.h"

#include "common/error_log.h"

namespace masklet {

InternalError internalErrorOf(const std::exception& error) {
  return {error.what(), error.what()};
}

std::string internalErrorLine(const InternalError& error) {
  const std::string line = firstLine(error.brief);
  return "internal error: " + (line.empty() ? error.fallback : line);
}

std::string reportInternalError(const std::string& logHead, const InternalError& error) {
  const bool logged = appendToLog(logHead + error.full);
  return internalErrorLine(error) + (logged ? " (details in " + logPath() + ")" : "");
}

}  // namespace masklet
