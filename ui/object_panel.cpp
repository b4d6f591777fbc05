#include "ui/object_panel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/object_colors.h"

namespace masklet::ui {
namespace {

QIcon swatch(int objectId) {
  QPixmap pixmap(14, 14);
  pixmap.fill(colorForObject(objectId));
  return QIcon(pixmap);
}

}  // namespace

ObjectPanel::ObjectPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  m_list = new QListWidget(this);
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  layout->addWidget(m_list, 1);
  auto* buttons = new QHBoxLayout;
  m_addButton = new QPushButton(tr("Add object"), this);
  m_addButton->setToolTip(tr("New object (N)"));
  m_removeButton = new QPushButton(tr("Remove"), this);
  m_removeButton->setToolTip(tr("Remove the selected object and all its masks"));
  buttons->addWidget(m_addButton);
  buttons->addWidget(m_removeButton);
  layout->addLayout(buttons);

  connect(m_addButton, &QPushButton::clicked, this, &ObjectPanel::addObjectRequested);
  connect(m_removeButton, &QPushButton::clicked, this, [this] {
    if (activeObject() != 0) Q_EMIT removeObjectRequested(activeObject());
  });
  connect(m_list, &QListWidget::currentItemChanged, this, &ObjectPanel::onListCurrentItemChanged);
  connect(m_list, &QListWidget::itemChanged, this, &ObjectPanel::onListItemChanged);
}

QListWidgetItem* ObjectPanel::findItem(int objectId) const {
  for (int row = 0; row < m_list->count(); ++row) {
    if (m_list->item(row)->data(Qt::UserRole).toInt() == objectId) return m_list->item(row);
  }
  return nullptr;
}

void ObjectPanel::addObject(int objectId, const QString& name) {
  if (findItem(objectId) != nullptr) return;
  auto* item = new QListWidgetItem(swatch(objectId), name);
  item->setData(Qt::UserRole, objectId);
  item->setFlags(item->flags() | Qt::ItemIsEditable);
  m_list->addItem(item);
}

void ObjectPanel::setObjectName(int objectId, const QString& name) {
  QListWidgetItem* item = findItem(objectId);
  if (item == nullptr || item->text() == name) return;
  const QSignalBlocker blocker(m_list);  // not a rename by the user
  item->setText(name);
}

void ObjectPanel::removeObject(int objectId) {
  delete findItem(objectId);
}

void ObjectPanel::clear() {
  m_list->clear();
}

void ObjectPanel::setActiveObject(int objectId) {
  if (QListWidgetItem* item = findItem(objectId)) m_list->setCurrentItem(item);
}

int ObjectPanel::activeObject() const {
  const QListWidgetItem* item = m_list->currentItem();
  return item != nullptr ? item->data(Qt::UserRole).toInt() : 0;
}

QString ObjectPanel::objectName(int objectId) const {
  const QListWidgetItem* item = findItem(objectId);
  return item != nullptr ? item->text() : QString();
}

int ObjectPanel::objectCount() const {
  return m_list->count();
}

void ObjectPanel::onListCurrentItemChanged(QListWidgetItem* current) {
  Q_EMIT activeObjectChanged(current != nullptr ? current->data(Qt::UserRole).toInt() : 0);
}

void ObjectPanel::onListItemChanged(QListWidgetItem* item) {
  Q_EMIT objectRenamed(item->data(Qt::UserRole).toInt(), item->text());
}

}  // namespace masklet::ui
