#include "ui/objects/category_editor.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <map>

#include "common/error.h"
#include "ui/objects/document_model.h"

namespace masklet::ui {

CategoryEditor::CategoryEditor(DocumentModel* model, QWidget* parent)
    : QDialog(parent), m_model(model) {
  setWindowTitle(tr("Categories"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Categories of this project (double-click to rename):"), this));
  m_list = new QListWidget(this);
  m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  layout->addWidget(m_list, 1);
  auto* addRow = new QHBoxLayout;
  m_newName = new QLineEdit(this);
  m_newName->setPlaceholderText(tr("New category name"));
  auto* add = new QPushButton(tr("Add"), this);
  addRow->addWidget(m_newName, 1);
  addRow->addWidget(add);
  layout->addLayout(addRow);
  m_error = new QLabel(this);
  m_error->setStyleSheet("color: #b00020");
  m_error->setWordWrap(true);
  layout->addWidget(m_error);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  layout->addWidget(buttons);

  const auto addTyped = [this] {
    if (addCategory(m_newName->text()) != 0) m_newName->clear();
  };
  connect(add, &QPushButton::clicked, this, addTyped);
  connect(m_newName, &QLineEdit::returnPressed, this, addTyped);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  connect(m_list, &QListWidget::itemChanged, this, &CategoryEditor::onListItemChanged);
  connect(m_model, &DocumentModel::changed, this, [this](const project::DocumentChange& change) {
    if (change.categoriesChanged || change.objectSetChanged || !change.objectsChanged.empty() ||
        change.kind == project::DocumentChange::Kind::Reset)
      refresh();
  });
  resize(320, 360);
  refresh();
}

QString CategoryEditor::errorText() const {
  return m_error->text();
}

void CategoryEditor::showError(const QString& text) {
  m_error->setText(text);
}

void CategoryEditor::refresh() {
  const auto& document = m_model->document();
  std::map<int, int> users;  // category id -> objects in it
  for (const auto& object : document.objects()) ++users[object.categoryId];
  m_refreshing = true;
  m_list->clear();
  for (const auto& category : document.categories()) {
    auto* item = new QListWidgetItem(QString::fromStdString(category.name), m_list);
    item->setData(Qt::UserRole, category.id);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    item->setToolTip(tr("id %1, %2 objects").arg(category.id).arg(users[category.id]));
  }
  m_refreshing = false;
}

int CategoryEditor::addCategory(const QString& name) {
  const QString trimmed = name.trimmed();
  if (trimmed.isEmpty()) {
    showError(tr("Type the new category's name first."));
    return 0;
  }
  auto& document = m_model->document();
  if (document.inGroup()) {
    showError(tr("Categories can be edited once tracking ends."));
    return 0;
  }
  try {
    const int id = document.addCategory(trimmed.toStdString());
    showError(QString());
    return id;
  } catch (const Error& error) {
    showError(QString::fromStdString(error.what()));
    return 0;
  }
}

bool CategoryEditor::renameCategory(int categoryId, const QString& name) {
  const QString trimmed = name.trimmed();
  auto& document = m_model->document();
  QString refusal;
  if (trimmed.isEmpty()) {
    refusal = tr("A category needs a name.");
  } else if (document.inGroup()) {
    refusal = tr("Categories can be edited once tracking ends.");
  } else {
    try {
      document.renameCategory(categoryId, trimmed.toStdString());
      showError(QString());
      return true;
    } catch (const Error& error) {
      refusal = QString::fromStdString(error.what());
    }
  }
  refresh();  // the list shows the document's names again
  showError(refusal);
  return false;
}

void CategoryEditor::onListItemChanged(QListWidgetItem* item) {
  if (m_refreshing) return;
  const int id = item->data(Qt::UserRole).toInt();
  const auto& categories = m_model->document().categories();
  for (const auto& category : categories) {
    if (category.id == id && QString::fromStdString(category.name) == item->text()) return;
  }
  // Later: the rename refreshes (clears) the list, which must not happen inside its signal.
  QTimer::singleShot(0, this, [this, id, text = item->text()] { renameCategory(id, text); });
}

}  // namespace masklet::ui
