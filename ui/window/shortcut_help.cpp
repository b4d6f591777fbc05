#include "ui/window/shortcut_help.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMap>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace masklet::ui {

namespace {

QString describe(const QAction* action) {
  QString text = action->text();
  text.remove(QRegularExpression("&(?!&)"));
  text.replace("&&", "&");
  if (text.endsWith("...")) text.chop(3);
  if (text.trimmed().isEmpty()) text = action->toolTip();
  return text.trimmed();
}

QList<QAction*> actionsWithShortcuts(const QWidget* window) {
  QList<QAction*> found;
  for (QAction* action : window->findChildren<QAction*>())
    if (!action->shortcuts().isEmpty() && !found.contains(action)) found.append(action);
  for (QAction* action : window->actions())
    if (!action->shortcuts().isEmpty() && !found.contains(action)) found.append(action);
  return found;
}

QTableWidget* makeTable(QWidget* parent, const QString& first, const QString& second) {
  auto* table = new QTableWidget(0, 2, parent);
  table->setHorizontalHeaderLabels({first, second});
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  table->horizontalHeader()->setStretchLastSection(true);
  table->verticalHeader()->setVisible(false);
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->setSelectionMode(QAbstractItemView::NoSelection);
  return table;
}

void addRow(QTableWidget* table, const QString& first, const QString& second) {
  const int row = table->rowCount();
  table->insertRow(row);
  table->setItem(row, 0, new QTableWidgetItem(first));
  table->setItem(row, 1, new QTableWidgetItem(second));
}

}  // namespace

QList<ShortcutEntry> collectShortcuts(const QWidget* window) {
  QList<ShortcutEntry> entries;
  for (QAction* action : actionsWithShortcuts(window)) {
    QStringList keys;
    for (const QKeySequence& sequence : action->shortcuts())
      keys.append(sequence.toString(QKeySequence::NativeText));
    entries.append({keys.join(", "), describe(action), action});
  }
  return entries;
}

QStringList shortcutCollisions(const QWidget* window) {
  QMap<QString, QStringList> users;
  for (QAction* action : actionsWithShortcuts(window))
    for (const QKeySequence& sequence : action->shortcuts())
      users[sequence.toString(QKeySequence::PortableText)].append(describe(action));
  QStringList collisions;
  for (auto it = users.cbegin(); it != users.cend(); ++it)
    if (it.value().size() > 1) collisions.append(it.key() + ": " + it.value().join(" and "));
  return collisions;
}

QList<QPair<QString, QString>> mouseGestures() {
  return {
      {QObject::tr("Click (Points tool)"), QObject::tr("Positive point on the active object")},
      {QObject::tr("Right click or Shift+click"), QObject::tr("Negative point")},
      {QObject::tr("Drag (Box tool)"), QObject::tr("Box around the object")},
      {QObject::tr("Drag (Brush / Eraser)"),
       QObject::tr("Paint / erase the active object's mask; right drag or Shift does the other")},
      {QObject::tr("Wheel on the frame"), QObject::tr("Zoom around the mouse")},
      {QObject::tr("Middle drag, or Space+drag"), QObject::tr("Pan the frame")},
      {QObject::tr("Click or drag on the timeline"), QObject::tr("Go to that frame")},
      {QObject::tr("Wheel on the timeline"), QObject::tr("Zoom the timeline around the mouse")},
      {QObject::tr("Shift+wheel on the timeline"), QObject::tr("Scroll a zoomed timeline")},
      {QObject::tr("Double-click the timeline ruler"), QObject::tr("Show the whole video")},
      {QObject::tr("Drop a file on the window"),
       QObject::tr("Open a video, image folder or .masklet project")},
  };
}

ShortcutHelpDialog::ShortcutHelpDialog(QWidget* window) : QDialog(window) {
  setWindowTitle(tr("Keyboard and mouse"));
  setObjectName("shortcutHelp");
  QTableWidget* keys = makeTable(this, tr("Keys"), tr("Action"));
  keys->setObjectName("shortcutTable");
  for (const ShortcutEntry& entry : collectShortcuts(window))
    addRow(keys, entry.keys, entry.description);
  keys->sortItems(1);
  QTableWidget* mouse = makeTable(this, tr("Mouse"), tr("Action"));
  mouse->setObjectName("gestureTable");
  for (const auto& [gesture, what] : mouseGestures()) addRow(mouse, gesture, what);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(keys, 3);
  layout->addWidget(mouse, 2);
  layout->addWidget(buttons);
  resize(560, 640);
}

}  // namespace masklet::ui
