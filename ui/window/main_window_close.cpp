// Closing the window: unsaved changes are handled first, and a tracking run is stopped.
#include <QCloseEvent>

#include "ui/files/file_workflow.h"
#include "ui/window/main_window.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

void MainWindow::closeEvent(QCloseEvent* event) {
  // Unsaved changes: Save / Discard / Cancel first (the window closes again once handled).
  if (!m_files->approveClose()) {
    event->ignore();
    return;
  }
  m_controller->tracker()->cancelPropagation();
  event->accept();
}

}  // namespace masklet::ui
