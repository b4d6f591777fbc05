#pragma once
// The message of the masklet::Error an action throws, or an empty string when it throws none:
// the model tests check that bad configs and checkpoints are refused with one clear line.
#include <QString>
#include <functional>

#include "common/error.h"

namespace masklet::test {

inline QString errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return QString::fromStdString(error.what());
  }
  return QString();
}

}  // namespace masklet::test
