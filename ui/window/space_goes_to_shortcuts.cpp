#include "ui/window/space_goes_to_shortcuts.h"

#include <QKeyEvent>

namespace masklet::ui {

bool SpaceGoesToShortcuts::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
      event->ignore();  // not overridden: the shortcut fires
      return true;
    }
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace masklet::ui
