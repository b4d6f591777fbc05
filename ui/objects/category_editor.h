#pragma once
// The project's category list: add a category, rename one (double-click or F2). Every change
// is a Document command (undoable with the rest), and the list redraws from the document's
// changes. A refused name (empty, taken) is said in one line under the list. Non-modal.
// GUI thread only.
#include <QDialog>

#include "project/document.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace masklet::ui {

class DocumentModel;

class CategoryEditor : public QDialog {
  Q_OBJECT

 public:
  explicit CategoryEditor(DocumentModel* model, QWidget* parent = nullptr);

  // Return the new category's id / whether it was renamed; a refusal shows in errorText().
  int addCategory(const QString& name);
  bool renameCategory(int categoryId, const QString& name);
  QListWidget* list() const { return m_list; }
  QString errorText() const;

 private:
  void refresh();
  void onListItemChanged(QListWidgetItem* item);
  void showError(const QString& text);

  DocumentModel* m_model;
  QListWidget* m_list = nullptr;
  QLineEdit* m_newName = nullptr;
  QLabel* m_error = nullptr;
  bool m_refreshing = false;
};

}  // namespace masklet::ui
