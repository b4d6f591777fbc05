#pragma once
// The Objects panel: every object of the document with its colour swatch (click: recolour
// menu), name (double-click or F2: rename), category (a combo of the project's categories),
// visibility check box, frame counts (frames with a mask / prompted frames) and a delete
// button; the active object (where new prompts go) is the current row, in bold, and named in
// the panel's header. A view of the Document: every edit is a Document command (undoable), and
// the rows redraw from the DocumentChange notifications. Deleting goes out as
// removeObjectRequested (the tracker must forget the object too). GUI thread only.
#include <QString>
#include <QWidget>
#include <functional>
#include <vector>

#include "project/document.h"

class QLabel;
class QMenu;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace masklet::ui {

class CategoryEditor;
class DocumentModel;

class ObjectPanel : public QWidget {
  Q_OBJECT

 public:
  enum Column {
    ColorColumn,
    NameColumn,
    CategoryColumn,
    FramesColumn,
    VisibleColumn,
    DeleteColumn,
    ColumnCount
  };

  explicit ObjectPanel(DocumentModel* model, QWidget* parent = nullptr);

  void setActiveObject(int objectId);
  int activeObject() const { return m_active; }  // 0 when none
  int objectCount() const;
  // The row of an object (nullptr when it has none).
  QTreeWidgetItem* itemFor(int objectId) const;
  QTreeWidget* tree() const { return m_tree; }
  // The header line naming the active object.
  QString activeText() const;

  // The edits the row widgets make, also for keyboard and tests; a refusal (an empty name, a
  // tracking run in progress) goes to message().
  void renameObject(int objectId, const QString& name);
  void recolorObject(int objectId, const QColor& color);
  void setObjectCategory(int objectId, int categoryId);
  void setObjectVisible(int objectId, bool visible);
  // Opens the (non-modal) category list editor.
  CategoryEditor* editCategories();
  // Recounts the frames column now (it otherwise follows mask changes a moment later).
  void refreshCounts();

 Q_SIGNALS:
  void activeObjectChanged(int objectId);
  void addObjectRequested();
  void removeObjectRequested(int objectId);
  void message(const QString& text);

 private:
  void onDocumentChanged(const project::DocumentChange& change);
  void onTreeCurrentItemChanged(QTreeWidgetItem* current);
  void onTreeItemChanged(QTreeWidgetItem* item, int column);
  void refreshObjects();
  void rebuildRows();
  void addRow(const project::ObjectInfo& object);
  void updateRow(QTreeWidgetItem* item, const project::ObjectInfo& object);
  void refreshActive();
  // Runs a document command unless a tracking run is recording; errors become message().
  bool edit(const std::function<void(project::Document&)>& command);

  DocumentModel* m_model;
  QLabel* m_activeSwatch = nullptr;
  QLabel* m_activeLabel = nullptr;
  QTreeWidget* m_tree = nullptr;
  QPushButton* m_addButton = nullptr;
  QPushButton* m_categoriesButton = nullptr;
  QTimer* m_countsTimer = nullptr;
  CategoryEditor* m_categoryEditor = nullptr;
  std::vector<int> m_rowIds;  // object ids in row order
  int m_active = 0;
  bool m_refreshing = false;  // rows being filled from the document, not edited by the user
};

}  // namespace masklet::ui
