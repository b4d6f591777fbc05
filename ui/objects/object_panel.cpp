#include "ui/objects/object_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "common/error.h"
#include "ui/objects/category_editor.h"
#include "ui/objects/color_menu.h"
#include "ui/objects/document_model.h"
#include "ui/objects/object_frame_counts.h"

namespace masklet::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;

QColor colorOf(const project::ObjectInfo& object) {
  return QColor(QRgb(object.color));
}

QString categoryName(const project::Document& document, int categoryId) {
  for (const auto& category : document.categories())
    if (category.id == categoryId) return QString::fromStdString(category.name);
  return QString();
}

}  // namespace

ObjectPanel::ObjectPanel(DocumentModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_countsTimer(new QTimer(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* header = new QHBoxLayout;
  m_activeSwatch = new QLabel(this);
  m_activeLabel = new QLabel(this);
  m_activeLabel->setObjectName("activeObjectLabel");
  m_activeLabel->setTextFormat(Qt::RichText);
  header->addWidget(m_activeSwatch);
  header->addWidget(m_activeLabel, 1);
  layout->addLayout(header);

  m_tree = new QTreeWidget(this);
  m_tree->setColumnCount(ColumnCount);
  m_tree->setHeaderLabels({"", tr("Name"), tr("Category"), tr("Frames"), tr("Show"), ""});
  m_tree->headerItem()->setToolTip(FramesColumn, tr("Frames with a mask / prompted frames"));
  m_tree->headerItem()->setToolTip(VisibleColumn, tr("Show the object's mask in the view"));
  m_tree->setRootIsDecorated(false);
  m_tree->setUniformRowHeights(true);
  m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
  m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);  // the name only, see below
  m_tree->setAllColumnsShowFocus(true);
  QHeaderView* columns = m_tree->header();
  columns->setStretchLastSection(false);
  columns->setSectionResizeMode(QHeaderView::ResizeToContents);
  columns->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
  layout->addWidget(m_tree, 1);
  setMinimumWidth(330);  // every column readable in the dock

  auto* buttons = new QHBoxLayout;
  m_addButton = new QPushButton(tr("Add object"), this);
  m_addButton->setToolTip(tr("New object (N)"));
  m_categoriesButton = new QPushButton(tr("Categories..."), this);
  m_categoriesButton->setToolTip(tr("Add or rename the project's categories"));
  buttons->addWidget(m_addButton);
  buttons->addWidget(m_categoriesButton);
  layout->addLayout(buttons);

  m_countsTimer->setSingleShot(true);
  m_countsTimer->setInterval(150);  // a tracking run changes masks every frame: count once
  connect(m_countsTimer, &QTimer::timeout, this, &ObjectPanel::refreshCounts);
  connect(m_addButton, &QPushButton::clicked, this, &ObjectPanel::addObjectRequested);
  connect(m_categoriesButton, &QPushButton::clicked, this, &ObjectPanel::editCategories);
  connect(m_tree, &QTreeWidget::currentItemChanged, this, &ObjectPanel::onTreeCurrentItemChanged);
  connect(m_tree, &QTreeWidget::itemChanged, this, &ObjectPanel::onTreeItemChanged);
  connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int column) {
    if (column == NameColumn) m_tree->editItem(item, NameColumn);
  });
  auto* renameKey = new QShortcut(QKeySequence(Qt::Key_F2), m_tree);
  renameKey->setContext(Qt::WidgetShortcut);
  connect(renameKey, &QShortcut::activated, this, [this] {
    if (QTreeWidgetItem* item = m_tree->currentItem()) m_tree->editItem(item, NameColumn);
  });
  connect(m_model, &DocumentModel::changed, this, &ObjectPanel::onDocumentChanged);
  refreshObjects();
  refreshCounts();
}

int ObjectPanel::objectCount() const {
  return m_tree->topLevelItemCount();
}

QTreeWidgetItem* ObjectPanel::itemFor(int objectId) const {
  const auto found = std::find(m_rowIds.begin(), m_rowIds.end(), objectId);
  return found == m_rowIds.end() ? nullptr : m_tree->topLevelItem(int(found - m_rowIds.begin()));
}

QString ObjectPanel::activeText() const {
  return m_activeLabel->text();
}

void ObjectPanel::onDocumentChanged(const project::DocumentChange& change) {
  using Kind = project::DocumentChange::Kind;
  if (change.kind == Kind::Reset || change.objectSetChanged || change.categoriesChanged ||
      !change.objectsChanged.empty())
    refreshObjects();
  if (change.kind == Kind::Reset || change.objectSetChanged) {
    refreshCounts();
  } else if (!change.masksChanged.empty() || !change.promptsChanged.empty()) {
    if (!m_countsTimer->isActive()) m_countsTimer->start();
  }
}

void ObjectPanel::refreshObjects() {
  const auto& objects = m_model->document().objects();
  std::vector<int> ids;
  for (const auto& object : objects) ids.push_back(object.id);
  m_refreshing = true;
  if (ids != m_rowIds) rebuildRows();
  for (size_t row = 0; row < objects.size(); ++row)
    updateRow(m_tree->topLevelItem(int(row)), objects[row]);
  m_refreshing = false;
  // The active object went (removed, undone): the first one takes over.
  if (itemFor(m_active) == nullptr) {
    setActiveObject(ids.empty() ? 0 : ids.front());
  } else {
    refreshActive();
  }
}

void ObjectPanel::rebuildRows() {
  const QSignalBlocker blocker(m_tree);
  m_tree->clear();
  m_rowIds.clear();
  for (const auto& object : m_model->document().objects()) addRow(object);
  refreshCounts();
}

void ObjectPanel::addRow(const project::ObjectInfo& object) {
  const int id = object.id;
  auto* item = new QTreeWidgetItem(m_tree);
  item->setData(0, kIdRole, id);
  item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
  item->setTextAlignment(FramesColumn, Qt::AlignRight | Qt::AlignVCenter);
  m_rowIds.push_back(id);

  auto* swatch = new QToolButton(m_tree);
  swatch->setObjectName("colorButton");
  swatch->setAutoRaise(true);
  swatch->setPopupMode(QToolButton::InstantPopup);
  swatch->setToolTip(tr("Colour: click to change"));
  swatch->setMenu(
      buildColorMenu(swatch, [this, id](const QColor& color) { recolorObject(id, color); }));
  m_tree->setItemWidget(item, ColorColumn, swatch);

  auto* category = new QComboBox(m_tree);
  category->setObjectName("categoryCombo");
  category->setToolTip(tr("Category (Categories... edits the list)"));
  connect(category, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this, id, category](int index) {
            if (!m_refreshing && index >= 0)
              setObjectCategory(id, category->itemData(index).toInt());
          });
  m_tree->setItemWidget(item, CategoryColumn, category);

  auto* remove = new QToolButton(m_tree);
  remove->setObjectName("deleteButton");
  remove->setAutoRaise(true);
  remove->setText(QStringLiteral("\u00d7"));
  remove->setToolTip(tr("Delete the object with all its prompts and masks (undoable)"));
  // Queued: removing the object deletes this button, which must not happen inside its click.
  connect(
      remove, &QToolButton::clicked, this, [this, id] { Q_EMIT removeObjectRequested(id); },
      Qt::QueuedConnection);
  m_tree->setItemWidget(item, DeleteColumn, remove);
}

void ObjectPanel::updateRow(QTreeWidgetItem* item, const project::ObjectInfo& object) {
  const auto& document = m_model->document();
  const QSignalBlocker blocker(m_tree);
  const QString name = QString::fromStdString(object.name);
  item->setText(NameColumn, name);
  item->setToolTip(NameColumn,
                   tr("%1 (id %2): double-click or F2 to rename").arg(name).arg(object.id));
  item->setCheckState(VisibleColumn, object.visible ? Qt::Checked : Qt::Unchecked);
  item->setForeground(
      NameColumn, object.visible ? m_tree->palette().text() : m_tree->palette().placeholderText());
  if (auto* swatch = qobject_cast<QToolButton*>(m_tree->itemWidget(item, ColorColumn))) {
    swatch->setIcon(colorSwatchIcon(colorOf(object)));
    markCurrentColor(swatch->menu(), colorOf(object));
  }
  if (auto* combo = qobject_cast<QComboBox*>(m_tree->itemWidget(item, CategoryColumn))) {
    const QSignalBlocker comboBlocker(combo);
    // Refilled only when the list changed: this may run inside the combo's own signal.
    const auto& categories = document.categories();
    bool same = combo->count() == int(categories.size());
    for (int i = 0; same && i < combo->count(); ++i)
      same = combo->itemData(i).toInt() == categories[size_t(i)].id &&
             combo->itemText(i) == QString::fromStdString(categories[size_t(i)].name);
    if (!same) {
      combo->clear();
      for (const auto& category : categories)
        combo->addItem(QString::fromStdString(category.name), category.id);
    }
    combo->setCurrentIndex(combo->findData(object.categoryId));
  }
}

void ObjectPanel::refreshCounts() {
  m_countsTimer->stop();
  const auto counts = countObjectFrames(m_model->document());
  const QSignalBlocker blocker(m_tree);
  for (size_t row = 0; row < m_rowIds.size(); ++row) {
    const auto found = counts.find(m_rowIds[row]);
    const ObjectFrameCount count = found != counts.end() ? found->second : ObjectFrameCount{};
    QTreeWidgetItem* item = m_tree->topLevelItem(int(row));
    item->setText(FramesColumn, QStringLiteral("%1 / %2").arg(count.masked).arg(count.prompted));
    item->setToolTip(
        FramesColumn,
        tr("%1 frames with a mask, %2 prompted frames").arg(count.masked).arg(count.prompted));
  }
}

void ObjectPanel::setActiveObject(int objectId) {
  if (objectId != 0 && itemFor(objectId) == nullptr) return;
  const bool changed = objectId != m_active;
  m_active = objectId;
  refreshActive();
  if (changed) Q_EMIT activeObjectChanged(objectId);
}

void ObjectPanel::refreshActive() {
  const QSignalBlocker blocker(m_tree);
  QTreeWidgetItem* activeItem = itemFor(m_active);
  for (int row = 0; row < m_tree->topLevelItemCount(); ++row) {
    QTreeWidgetItem* item = m_tree->topLevelItem(row);
    QFont font = item->font(NameColumn);
    font.setBold(item == activeItem);
    item->setFont(NameColumn, font);
  }
  m_tree->setCurrentItem(activeItem);
  const project::ObjectInfo* object = m_model->document().object(m_active);
  if (object == nullptr) {
    m_activeSwatch->clear();
    m_activeLabel->setText(tr("No active object: click the video to start one"));
    return;
  }
  m_activeSwatch->setPixmap(colorSwatchIcon(colorOf(*object), 16).pixmap(16, 16));
  m_activeLabel->setText(
      tr("Active: <b>%1</b> &middot; %2")
          .arg(QString::fromStdString(object->name).toHtmlEscaped(),
               categoryName(m_model->document(), object->categoryId).toHtmlEscaped()));
}

void ObjectPanel::onTreeCurrentItemChanged(QTreeWidgetItem* current) {
  if (current != nullptr) setActiveObject(current->data(0, kIdRole).toInt());
}

void ObjectPanel::onTreeItemChanged(QTreeWidgetItem* item, int column) {
  if (m_refreshing) return;
  const int id = item->data(0, kIdRole).toInt();
  if (column == NameColumn) renameObject(id, item->text(NameColumn));
  if (column == VisibleColumn) setObjectVisible(id, item->checkState(VisibleColumn) == Qt::Checked);
}

bool ObjectPanel::edit(const std::function<void(project::Document&)>& command) {
  auto& document = m_model->document();
  QString refusal;
  if (document.inGroup()) {
    refusal = tr("Objects can be edited once tracking ends (Esc cancels it).");
  } else {
    try {
      command(document);
      return true;
    } catch (const Error& error) {
      refusal = QString::fromStdString(error.what());
    }
  }
  refreshObjects();  // the row shows the document again
  Q_EMIT message(refusal);
  return false;
}

void ObjectPanel::renameObject(int objectId, const QString& name) {
  const QString trimmed = name.trimmed();
  if (trimmed.isEmpty()) {
    refreshObjects();
    Q_EMIT message(tr("An object needs a name."));
    return;
  }
  edit([&](project::Document& d) { d.renameObject(objectId, trimmed.toStdString()); });
}

void ObjectPanel::recolorObject(int objectId, const QColor& color) {
  edit([&](project::Document& d) { d.recolorObject(objectId, color.rgb() & 0xffffffu); });
}

void ObjectPanel::setObjectCategory(int objectId, int categoryId) {
  edit([&](project::Document& d) { d.setObjectCategory(objectId, categoryId); });
}

void ObjectPanel::setObjectVisible(int objectId, bool visible) {
  edit([&](project::Document& d) { d.setObjectVisible(objectId, visible); });
}

CategoryEditor* ObjectPanel::editCategories() {
  if (m_categoryEditor == nullptr) m_categoryEditor = new CategoryEditor(m_model, this);
  m_categoryEditor->show();
  m_categoryEditor->raise();
  m_categoryEditor->activateWindow();
  return m_categoryEditor;
}

}  // namespace masklet::ui
