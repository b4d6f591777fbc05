#pragma once
// File ▸ Open Recent: the last videos, image folders and projects opened (newest first, at
// most 10), kept in QSettings. Entries that no longer exist are dropped when the menu is shown
// or picked, with one line saying so. GUI thread only.
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

class QMenu;

namespace masklet::ui {

class RecentFiles : public QObject {
  Q_OBJECT

 public:
  static constexpr int kMaxEntries = 10;

  // `open` is called with a picked entry that still exists.
  RecentFiles(QMenu* menu, std::function<void(const QString&)> open, QObject* parent);

  // Moves `path` to the top (made absolute; a path already listed is not listed twice).
  void add(const QString& path);
  QStringList entries() const;
  // Drops the entries that no longer exist; returns them.
  QStringList prune();
  // Fills the menu from the (pruned) list; empty list: one disabled "No recent files" item.
  void rebuildMenu();

 Q_SIGNALS:
  void message(const QString& text);

 private:
  void store(const QStringList& entries);
  void pruneAndTell();

  QMenu* m_menu;
  std::function<void(const QString&)> m_open;
};

}  // namespace masklet::ui
