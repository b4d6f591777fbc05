#include "ui/objects/color_menu.h"

#include <QAction>
#include <QColorDialog>
#include <QMenu>
#include <QPainter>
#include <QPixmap>

#include "project/object_palette.h"

namespace masklet::ui {

QIcon colorSwatchIcon(const QColor& color, int size) {
  QPixmap pixmap(size, size);
  pixmap.fill(color);
  QPainter painter(&pixmap);
  painter.setPen(QColor(40, 40, 40));
  painter.drawRect(0, 0, size - 1, size - 1);
  return QIcon(pixmap);
}

QMenu* buildColorMenu(QWidget* parent, std::function<void(const QColor&)> picked) {
  auto* menu = new QMenu(parent);
  for (const auto& entry : project::objectPalette()) {
    const QColor color(QRgb(entry.rgb));
    QAction* action = menu->addAction(colorSwatchIcon(color), QObject::tr(entry.name));
    action->setData(color);
    action->setCheckable(true);
    QObject::connect(action, &QAction::triggered, menu, [picked, color] { picked(color); });
  }
  menu->addSeparator();
  QAction* other = menu->addAction(QObject::tr("Other colour..."));
  QObject::connect(other, &QAction::triggered, menu, [parent, menu, picked] {
    const QColor initial = menu->property("currentColor").value<QColor>();
    auto* dialog = new QColorDialog(initial.isValid() ? initial : QColor(Qt::white), parent);
    dialog->setWindowTitle(QObject::tr("Object colour"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QColorDialog::colorSelected, parent, [picked](const QColor& c) {
      if (c.isValid()) picked(c);
    });
    dialog->open();
  });
  return menu;
}

void markCurrentColor(QMenu* menu, const QColor& current) {
  menu->setProperty("currentColor", current);
  for (QAction* action : menu->actions()) {
    if (action->isCheckable()) action->setChecked(action->data().value<QColor>() == current);
  }
}

}  // namespace masklet::ui
