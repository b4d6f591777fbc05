#pragma once
// The list of objects (masklets): colour, name, which one new prompts go to. Double-click a
// name to rename it. GUI thread only.
#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace masklet::ui {

class ObjectPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ObjectPanel(QWidget* parent = nullptr);

  void addObject(int objectId, const QString& name);
  void setObjectName(int objectId, const QString& name);
  void removeObject(int objectId);
  void clear();
  void setActiveObject(int objectId);
  int activeObject() const;  // 0 when none
  QString objectName(int objectId) const;
  int objectCount() const;

 Q_SIGNALS:
  void activeObjectChanged(int objectId);
  void addObjectRequested();
  void removeObjectRequested(int objectId);
  void objectRenamed(int objectId, const QString& name);

 private Q_SLOTS:
  void onListCurrentItemChanged(QListWidgetItem* current);
  void onListItemChanged(QListWidgetItem* item);

 private:
  QListWidgetItem* findItem(int objectId) const;

  QListWidget* m_list = nullptr;
  QPushButton* m_addButton = nullptr;
  QPushButton* m_removeButton = nullptr;
};

}  // namespace masklet::ui
