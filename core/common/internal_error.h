#pragma once
// The one policy for a failure that is not a masklet::Error (a bug, a library's failed check):
// the user reads "internal error: <one line>" and where the details are; the log keeps the
// whole text, a backtrace included, so nothing longer than a line reaches a terminal or a
// dialog. The CLI's guard, the GUI worker's guard and the replays all say it this way.
#include <exception>
#include <string>

namespace masklet {

struct InternalError {
  std::string brief;                         // the library's own message, without a backtrace
  std::string full;                          // what the log keeps
  std::string fallback = "unknown failure";  // said when the brief has no text
};

// An exception as an internal error: brief and full are its what(). Libraries whose what()
// carries a backtrace read their type first (model/torch_error.h for LibTorch).
InternalError internalErrorOf(const std::exception& error);

// "internal error: <first line of the brief, or the fallback>".
std::string internalErrorLine(const InternalError& error);

// Appends `logHead` followed by the full text to the log file and returns internalErrorLine(),
// with " (details in <log file>)" when the log was written.
std::string reportInternalError(const std::string& logHead, const InternalError& error);

}  // namespace masklet
