// Prompts and edits: the Edit menu's actions and the tools, the frame view's clicks, boxes and
// brush strokes handed to the PromptController, and what it reports back.
#include <QAction>
#include <QStatusBar>

#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"
#include "ui/objects/object_panel.h"
#include "ui/timeline/playback_controller.h"
#include "ui/tracking/prompt_controller.h"
#include "ui/window/main_window.h"

namespace masklet::ui {

void MainWindow::connectEditActions() {
  const MainActions& a = m_actions;
  connect(a.undo, &QAction::triggered, this, [this] { document().undo(); });
  connect(a.redo, &QAction::triggered, this, [this] { document().redo(); });
  connect(a.pointsTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Points); });
  connect(a.boxTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Box); });
  connect(a.brushTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Brush); });
  connect(a.eraserTool, &QAction::triggered, this,
          [this] { m_frameView->setTool(FrameView::Tool::Eraser); });
  connect(a.brushSmaller, &QAction::triggered, m_frameView, &FrameView::shrinkBrush);
  connect(a.brushLarger, &QAction::triggered, m_frameView, &FrameView::growBrush);
  connect(a.acceptFrame, &QAction::triggered, this, [this] {
    if (promptsAllowed()) m_prompts->acceptFrame(m_currentFrame, m_objectPanel->activeObject());
  });
  connect(a.clearPrompts, &QAction::triggered, this, [this] {
    if (m_objectPanel->activeObject() != 0)
      m_prompts->clearPrompts(m_currentFrame, m_objectPanel->activeObject());
  });
}

void MainWindow::connectPrompts() {
  connect(m_prompts, &PromptController::message, statusBar(),
          [this](const QString& text) { statusBar()->showMessage(text); });
  connect(m_prompts, &PromptController::refused, this, &MainWindow::showFailure);
  connect(m_prompts, &PromptController::objectCreated, m_objectPanel,
          &ObjectPanel::setActiveObject);
  connect(m_frameView, &FrameView::pointClicked, this, &MainWindow::onFrameViewPointClicked);
  connect(m_frameView, &FrameView::boxDrawn, this, &MainWindow::onFrameViewBoxDrawn);
  connect(m_frameView, &FrameView::maskPainted, this, &MainWindow::onFrameViewMaskPainted);
  // The brush edits the active object; "show only active" shows it.
  connect(m_objectPanel, &ObjectPanel::activeObjectChanged, this, &MainWindow::refreshOverlay);
  // A refused stroke: the view drops the painted mask it showed.
  connect(m_prompts, &PromptController::refused, this, &MainWindow::refreshOverlay);
}

bool MainWindow::promptsAllowed() {
  if (m_media.frameCount <= 0) return false;
  if (!m_modelReady) {
    statusBar()->showMessage(m_modelStatus.isEmpty() ? tr("The model is still loading.")
                                                     : m_modelStatus);
    return false;
  }
  return true;
}

void MainWindow::onFrameViewPointClicked(QPointF framePos, bool positive) {
  m_playback->stop();
  if (!promptsAllowed()) return;
  m_prompts->addPoint(m_currentFrame, m_objectPanel->activeObject(), framePos, positive);
}

void MainWindow::onFrameViewBoxDrawn(QRectF box) {
  m_playback->stop();
  if (!promptsAllowed()) return;
  m_prompts->addBox(m_currentFrame, m_objectPanel->activeObject(), box);
}

void MainWindow::onFrameViewMaskPainted(int objectId, const QImage& mask, bool erased) {
  if (!promptsAllowed()) {
    refreshOverlay();  // the stroke is not kept
    return;
  }
  if (m_prompts->addMask(m_currentFrame, objectId, maskRle(mask), erased) == 0) refreshOverlay();
}

}  // namespace masklet::ui
