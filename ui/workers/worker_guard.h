#pragma once
// The one place where the worker turns exceptions into what a user reads: masklet::Error as
// its message, anything else (a LibTorch c10::Error, a bug) as "internal error: <one line>"
// with the whole text (backtrace included) in the log file. Nothing is thrown across the
// event loop and no backtrace reaches a dialog.
#include <QString>
#include <functional>

namespace masklet::ui {

// Runs `job`; on an exception returns the line to show, prefixed with `what` ("The prompt was
// not applied"); an empty string when the job succeeded.
QString runGuarded(const QString& what, const std::function<void()>& job);

}  // namespace masklet::ui
