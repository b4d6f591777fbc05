#pragma once
// Locating ../shared (fixtures, media) from tests. CTest passes MASKLET_SHARED_DIR; a user's
// fresh clone has no ../shared, so tests that need it call MASKLET_REQUIRE_SHARED and skip.
#include <QtTest/QtTest>

#include <cstdlib>
#include <string>

namespace masklet::test {

inline std::string envOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return (value != nullptr && value[0] != '\0') ? std::string(value) : fallback;
}

inline std::string sharedDir() {
  return envOr("MASKLET_SHARED_DIR", "../shared");
}
inline std::string binDir() {
  return envOr("MASKLET_BIN_DIR", "build/bin");
}
inline std::string sourceDir() {
  return envOr("MASKLET_SOURCE_DIR", ".");
}

// Absolute path of sharedDir()/relative, or "" when it does not exist.
inline std::string sharedPath(const std::string& relative) {
  const QString path = QString::fromStdString(sharedDir() + "/" + relative);
  return QFileInfo::exists(path) ? path.toStdString() : std::string();
}

}  // namespace masklet::test

// Skips the current test function when ../shared/<relative> is missing, saying what is missing.
#define MASKLET_REQUIRE_SHARED(relative)                                                    \
  do {                                                                                      \
    if (masklet::test::sharedPath(relative).empty())                                        \
      QSKIP(qPrintable(QString("needs %1/%2 (the shared fixtures/media folder); not found") \
                           .arg(QString::fromStdString(masklet::test::sharedDir()),         \
                                QString::fromStdString(relative))));                        \
  } while (0)
