#pragma once
// What a user sees of an error, and where the rest of it goes. A user gets one actionable line
// (userMessage); the full text (a LibTorch backtrace, say) is appended to the log file, so the
// CLI and the GUI report failures the same way. No LibTorch here: model/torch_error.h adds the
// c10::Error case where torch is available.
#include <exception>
#include <string>

namespace masklet {

// $XDG_STATE_HOME/masklet/masklet.log, or ~/.local/state/masklet/masklet.log.
std::string logPath();

// Appends a timestamped entry to logPath() (creating its folder). Never throws: logging must
// not turn one failure into another. Returns false when the log could not be written.
bool appendToLog(const std::string& text);

// The first non-empty line of `text`, trimmed.
std::string firstLine(const std::string& text);

// masklet::Error: its message as is (written for users). Anything else is a bug or a library
// failure: "internal error: <first line>".
std::string userMessage(const std::exception& error);

}  // namespace masklet
