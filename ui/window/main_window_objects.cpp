// The Objects panel with the rest of the window: a new object, the active object shared with
// the timeline, removing an object through the PromptController.
#include <QAction>
#include <QStatusBar>

#include "project/document.h"
#include "ui/objects/object_panel.h"
#include "ui/timeline/timeline.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/window/main_window.h"

namespace masklet::ui {

void MainWindow::connectObjects() {
  connect(m_actions.newObject, &QAction::triggered, this, [this] {
    if (m_media.frameCount > 0) m_objectPanel->setActiveObject(document().addObject());
  });
  connect(m_timeline, &Timeline::objectActivated, m_objectPanel, &ObjectPanel::setActiveObject);
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, m_timeline, &Timeline::setActiveObject);
  connect(m_objectPanel, &ObjectPanel::addObjectRequested, m_actions.newObject, &QAction::trigger);
  connect(m_objectPanel, &ObjectPanel::removeObjectRequested, m_prompts,
          &PromptController::removeObject);
  connect(m_objectPanel, &ObjectPanel::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
}

}  // namespace masklet::ui
