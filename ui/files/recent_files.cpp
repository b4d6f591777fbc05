#include "ui/files/recent_files.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace masklet::ui {

namespace {
const char* const kKey = "files/recent";
}

RecentFiles::RecentFiles(QMenu* menu, std::function<void(const QString&)> open, QObject* parent)
    : QObject(parent), m_menu(menu), m_open(std::move(open)) {
  connect(m_menu, &QMenu::aboutToShow, this, [this] {
    pruneAndTell();
    rebuildMenu();
  });
  rebuildMenu();
}

QStringList RecentFiles::entries() const {
  return QSettings().value(kKey).toStringList();
}

void RecentFiles::store(const QStringList& entries) {
  QSettings settings;
  settings.setValue(kKey, entries);
  settings.sync();
}

void RecentFiles::add(const QString& path) {
  const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
  QStringList list = entries();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kMaxEntries) list.removeLast();
  store(list);
  rebuildMenu();
}

QStringList RecentFiles::prune() {
  QStringList kept, gone;
  for (const QString& path : entries()) (QFileInfo::exists(path) ? kept : gone).append(path);
  if (!gone.isEmpty()) store(kept);
  return gone;
}

void RecentFiles::pruneAndTell() {
  const QStringList gone = prune();
  if (gone.size() == 1)
    Q_EMIT message(tr("Removed from recent files, it is no longer there: %1").arg(gone.front()));
  else if (!gone.isEmpty())
    Q_EMIT message(tr("Removed %1 recent files that are no longer there (%2, ...).")
                       .arg(gone.size())
                       .arg(gone.front()));
}

void RecentFiles::rebuildMenu() {
  m_menu->clear();
  const QStringList list = entries();
  if (list.isEmpty()) {
    m_menu->addAction(tr("No recent files"))->setEnabled(false);
    return;
  }
  for (int i = 0; i < list.size(); ++i) {
    const QString path = list.at(i);
    const QFileInfo info(path);
    const QString kind = info.suffix().compare("masklet", Qt::CaseInsensitive) == 0
                             ? tr("project")
                             : (info.isDir() ? tr("folder") : tr("video"));
    // &1 ... &9, &0: the first ten are one key away once the menu is open.
    QAction* action =
        m_menu->addAction(tr("&%1 %2 (%3)").arg((i + 1) % 10).arg(info.fileName(), kind));
    action->setToolTip(path);
    action->setStatusTip(path);
    connect(action, &QAction::triggered, this, [this, path] {
      if (QFileInfo::exists(path)) {
        m_open(path);
        return;
      }
      // Not now: this action is the menu's own and rebuilding deletes it.
      QMetaObject::invokeMethod(
          this,
          [this] {
            pruneAndTell();
            rebuildMenu();
          },
          Qt::QueuedConnection);
    });
  }
}

}  // namespace masklet::ui
