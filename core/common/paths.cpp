#include "common/paths.h"

#include <cstdlib>

namespace masklet {
namespace {

std::string xdgDir(const char* variable, const char* fallbackUnderHome) {
  const char* value = std::getenv(variable);
  if (value != nullptr && value[0] == '/') return std::string(value) + "/masklet";
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/" + fallbackUnderHome + "/masklet";
}

}  // namespace

std::string userDataDir() {
  return xdgDir("XDG_DATA_HOME", ".local/share");
}
std::string userConfigDir() {
  return xdgDir("XDG_CONFIG_HOME", ".config");
}
std::string userCacheDir() {
  return xdgDir("XDG_CACHE_HOME", ".cache");
}
std::string userModelDir() {
  return userDataDir() + "/models";
}

}  // namespace masklet
