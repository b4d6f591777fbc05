#include "common/error_log.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/internal_error.h"

namespace masklet {

std::string logPath() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state != nullptr && state[0] == '/') return std::string(state) + "/masklet/masklet.log";
  const char* home = std::getenv("HOME");
  const std::string base = (home != nullptr && home[0] != '\0') ? home : "/tmp";
  return base + "/.local/state/masklet/masklet.log";
}

bool appendToLog(const std::string& text) {
  try {
    const std::filesystem::path path = logPath();
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::app);
    if (!out) return false;
    char stamp[32] = "";
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    if (gmtime_r(&now, &utc) != nullptr)
      std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
    out << "[" << stamp << "] " << text << (text.empty() || text.back() != '\n' ? "\n" : "");
    return static_cast<bool>(out);
  } catch (...) {
    return false;
  }
}

std::string firstLine(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const size_t first = text.find_first_not_of(" \t\r", start);
    if (first != std::string::npos && first < end) {
      const size_t last = text.find_last_not_of(" \t\r", end - 1);
      return text.substr(first, last + 1 - first);
    }
    start = end + 1;
  }
  return std::string();
}

std::string userMessage(const std::exception& error) {
  if (dynamic_cast<const Error*>(&error) != nullptr) return error.what();
  return internalErrorLine(internalErrorOf(error));
}

}  // namespace masklet
