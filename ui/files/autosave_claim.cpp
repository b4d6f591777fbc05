#include "ui/files/autosave_claim.h"

#include <QCoreApplication>
#include <QDir>
#include <QLockFile>

namespace masklet::ui {

namespace {

QString lockPath(const QString& autosave) {
  return autosave + ".lock";
}

}  // namespace

AutosaveClaim::AutosaveClaim() = default;
AutosaveClaim::~AutosaveClaim() = default;

QString AutosaveClaim::pathFor(const QString& folder, const QString& stem) {
  if (stem.isEmpty()) return folder + "/untitled.masklet";  // no video open: nothing to claim
  if (stem == m_stem && !m_path.isEmpty()) return m_path;
  m_lock.reset();
  m_stem = stem;
  QDir().mkpath(folder);
  m_path = folder + "/" + stem + ".masklet";
  if (!claim(m_path)) {
    m_path = QString("%1/%2-%3.masklet").arg(folder, stem).arg(QCoreApplication::applicationPid());
    claim(m_path);  // nobody else uses our pid; if the folder is read-only, autosave says so
  }
  return m_path;
}

bool AutosaveClaim::claim(const QString& autosave) {
  auto lock = std::make_unique<QLockFile>(lockPath(autosave));
  lock->setStaleLockTime(0);  // stale only when its process is gone, never by age
  if (!lock->tryLock(0)) return false;
  m_lock = std::move(lock);
  return true;
}

bool AutosaveClaim::heldElsewhere(const QString& autosave) const {
  if (m_lock && autosave == m_path) return false;
  QLockFile probe(lockPath(autosave));
  probe.setStaleLockTime(0);
  if (probe.tryLock(0)) {  // free, or stale (a crashed Masklet's): removed again on unlock
    probe.unlock();
    return false;
  }
  return probe.error() == QLockFile::LockFailedError;
}

}  // namespace masklet::ui
