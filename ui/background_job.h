#pragma once
// File work (load, save, import, export) on a short-lived thread, so the window never waits
// for a disk; the result is handed back on the context object's thread. If the context is
// gone by then (window closed), the result is dropped.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <functional>
#include <memory>
#include <optional>

#include "ui/worker_guard.h"

namespace masklet::ui {

// Runs `work` in the background; then `done(result, error)` on context's thread: the result,
// or nothing and the one-line error (runGuarded's, prefixed with `what`).
template <typename T>
void runInBackground(QObject* context, const QString& what, std::function<T()> work,
                     std::function<void(std::optional<T>, const QString&)> done) {
  QPointer<QObject> guard(context);
  QThread* thread = QThread::create([guard, what, work = std::move(work), done = std::move(done)] {
    auto result = std::make_shared<std::optional<T>>();
    const QString error = runGuarded(what, [&] { *result = work(); });
    if (guard)
      QMetaObject::invokeMethod(guard.data(), [done, result, error] { done(*result, error); });
  });
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

}  // namespace masklet::ui
