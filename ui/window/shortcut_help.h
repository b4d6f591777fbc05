#pragma once
// Help ▸ Keyboard and Mouse (F1): every shortcut of the window, read from its QActions (their
// shortcuts and texts, so the list follows the menus as they change), then the mouse gestures
// of the frame view and the timeline. GUI thread only.
#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QWidget;

namespace masklet::ui {

struct ShortcutEntry {
  QString keys;         // native text, e.g. "Ctrl+S"; several shortcuts joined with ", "
  QString description;  // the action's text without '&' and "...", else its tool tip
  QAction* action = nullptr;
};

// The window's actions with a shortcut (its own and its children's), by menu order of creation.
QList<ShortcutEntry> collectShortcuts(const QWidget* window);
// "Ctrl+S: Save Project and Export..." for each key sequence given to more than one action.
QStringList shortcutCollisions(const QWidget* window);
// Gesture, what it does.
QList<QPair<QString, QString>> mouseGestures();

class ShortcutHelpDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ShortcutHelpDialog(QWidget* window);
};

}  // namespace masklet::ui
