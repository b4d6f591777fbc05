#include "ui/workers/background_job.h"

#include <QCoreApplication>
#include <QList>

namespace masklet::ui {
namespace {

// Touched on the GUI thread only (jobs start there, and post routines run there).
QList<QPointer<QThread>>& runningJobs() {
  static QList<QPointer<QThread>> jobs;
  return jobs;
}

void waitForRunningJobs() {
  for (const QPointer<QThread>& thread : runningJobs())
    if (thread) thread->wait();
  runningJobs().clear();
}

}  // namespace

void waitForAtExit(QThread* thread) {
  static const bool registered = [] {
    qAddPostRoutine(waitForRunningJobs);  // runs first thing in ~QCoreApplication
    return true;
  }();
  Q_UNUSED(registered);
  auto& jobs = runningJobs();
  jobs.removeAll(QPointer<QThread>());  // the ones finished and deleted since
  jobs.append(thread);
}

}  // namespace masklet::ui
