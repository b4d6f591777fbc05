#include "ui/workers/worker_guard.h"

#include "common/error.h"
#include "model/torch_error.h"

namespace masklet::ui {

QString runGuarded(const QString& what, const std::function<void()>& job) {
  std::string line;
  try {
    job();
    return {};
  } catch (const Error& error) {
    line = error.what();
  } catch (const std::exception& error) {
    line = reportInternalError(what.toStdString() + ": ", model::internalErrorWithTorch(error));
  }
  return what + ": " + QString::fromStdString(line);
}

}  // namespace masklet::ui
