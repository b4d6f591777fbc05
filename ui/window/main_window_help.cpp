// The Help menu: the shortcut list and the About box.
#include <QAction>
#include <QApplication>
#include <QMessageBox>

#include "ui/window/main_window.h"
#include "ui/window/shortcut_help.h"

namespace masklet::ui {

void MainWindow::connectHelpActions() {
  connect(m_actions.shortcutHelp, &QAction::triggered, this, [this] {
    auto* help = new ShortcutHelpDialog(this);
    help->setAttribute(Qt::WA_DeleteOnClose);
    help->show();  // modeless: it can stay open beside the work
  });
  connect(m_actions.about, &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About Masklet"),
                       tr("<b>Masklet</b> %1<br>Video object annotation with SAM 2, native C++."
                          "<br>SAM 2 © Meta Platforms, Inc., Apache-2.0.")
                           .arg(QApplication::applicationVersion()));
  });
}

}  // namespace masklet::ui
