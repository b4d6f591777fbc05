#include "ui/workers/worker_guard.h"

#include <c10/util/Exception.h>

#include "common/error.h"
#include "common/error_log.h"

namespace masklet::ui {

QString runGuarded(const QString& what, const std::function<void()>& job) {
  std::string line;
  try {
    job();
    return {};
  } catch (const Error& error) {
    line = error.what();
  } catch (const c10::Error& error) {
    appendToLog(what.toStdString() + ": " + error.what());
    line = "internal error: " + firstLine(error.what_without_backtrace()) + " (details in " +
           logPath() + ")";
  } catch (const std::exception& error) {
    appendToLog(what.toStdString() + ": " + error.what());
    line = "internal error: " + firstLine(error.what()) + " (details in " + logPath() + ")";
  }
  return what + ": " + QString::fromStdString(line);
}

}  // namespace masklet::ui
