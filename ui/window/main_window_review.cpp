// Review assist in the window: the ReviewController follows the active object and can move
// the view to a frame and object it names.
#include <QStatusBar>

#include "ui/objects/object_panel.h"
#include "ui/review/review_controller.h"
#include "ui/window/main_window.h"

namespace masklet::ui {

void MainWindow::connectReview() {
  m_review = new ReviewController(this, document(), m_actions.review, m_timeline);
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, m_review,
          &ReviewController::setActiveObject);
  connect(m_review, &ReviewController::frameRequested, this, [this](int frame, int objectId) {
    if (objectId != 0) m_objectPanel->setActiveObject(objectId);
    seek(frame);
  });
  connect(m_review, &ReviewController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_review, &ReviewController::failed, this, &MainWindow::showFailure);
}

}  // namespace masklet::ui
