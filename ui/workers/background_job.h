#pragma once
// File work (load, save, import, export) on a short-lived thread, so the window never waits
// for a disk; the result is handed back on the GUI thread. If the context is
// gone by then (window closed), the result is dropped.
#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <functional>
#include <memory>
#include <optional>

#include "ui/workers/worker_guard.h"

namespace masklet::ui {

// Keeps `thread` (started on the GUI thread) in the list the application waits for when it goes:
// a job still ending after QCoreApplication is gone would post its last events to an event
// dispatcher that no longer exists (ThreadSanitizer saw an autosave thread do that at exit).
void waitForAtExit(QThread* thread);

// Runs `work` in the background; then `done(result, error)` on the GUI thread, if `context` (a
// GUI-thread object) still exists: the result, or nothing and the one-line error (runGuarded's,
// prefixed with `what`).
template <typename T>
void runInBackground(QObject* context, const QString& what, std::function<T()> work,
                     std::function<void(std::optional<T>, const QString&)> done) {
  QPointer<QObject> guard(context);
  QThread* thread = QThread::create([guard, what, work = std::move(work), done = std::move(done)] {
    auto result = std::make_shared<std::optional<T>>();
    const QString error = runGuarded(what, [&] { *result = work(); });
    // The context is checked on the GUI thread, where it lives and may be deleted meanwhile.
    if (QCoreApplication* app = QCoreApplication::instance())
      QMetaObject::invokeMethod(app, [guard, done, result, error] {
        if (guard) done(*result, error);
      });
  });
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  waitForAtExit(thread);
  thread->start();
}

}  // namespace masklet::ui
