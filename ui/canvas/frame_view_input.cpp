// FrameView's input: clicks, boxes and brush strokes become prompts and mask edits in frame
// pixels; the wheel zooms, middle drag or Space+drag pans; the cursor says what a click does.
#include <QAction>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/canvas/frame_view.h"

namespace masklet::ui {

void FrameView::updateCursor() {
  if (m_drag == Drag::Pan) {
    setCursor(Qt::ClosedHandCursor);
  } else if (m_spaceHeld) {
    setCursor(Qt::OpenHandCursor);
  } else if (m_tool == Tool::Points) {
    setCursor(Qt::PointingHandCursor);
  } else {
    setCursor(Qt::CrossCursor);
  }
}

void FrameView::mousePressEvent(QMouseEvent* event) {
  if (m_frame.isNull() || m_drag != Drag::None) return;
  const QPointF pos = event->position();
  const Qt::MouseButton button = event->button();
  if (button == Qt::MiddleButton || (button == Qt::LeftButton && m_spaceHeld)) {
    m_drag = Drag::Pan;
    m_dragStart = pos;
    m_pannedWithSpace = m_pannedWithSpace || m_spaceHeld;
    updateCursor();
    return;
  }
  const QPointF framePos = toFrame(pos);
  const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
  switch (m_tool) {
    case Tool::Points:
      if (button == Qt::LeftButton) Q_EMIT pointClicked(framePos, !shift);
      if (button == Qt::RightButton) Q_EMIT pointClicked(framePos, false);
      return;
    case Tool::Box:
      if (button != Qt::LeftButton) return;
      m_drag = Drag::Box;
      m_dragStart = m_dragEnd = framePos;
      return;
    case Tool::Brush:
    case Tool::Eraser: {
      if (button != Qt::LeftButton && button != Qt::RightButton) return;
      // The other tool with the right button or Shift, as a negative point is for points.
      const bool erase = (m_tool == Tool::Eraser) != (button == Qt::RightButton || shift);
      m_stroke.emplace(m_paintedMask.isNull() ? m_activeMask : m_paintedMask, m_frame.size(),
                       m_brushRadius, erase);
      m_drag = Drag::Stroke;
      const QRect touched = m_stroke->paintTo(framePos);
      rebuildOverlay(touched);
      update(m_view.toWidget(QRectF(touched)).toAlignedRect().adjusted(-2, -2, 2, 2));
      return;
    }
  }
}

void FrameView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  const std::optional<QPointF> before = m_hover;
  m_hover = pos;
  switch (m_drag) {
    case Drag::Pan:
      panBy(pos - m_dragStart);
      m_dragStart = pos;
      return;
    case Drag::Box:
      m_dragEnd = toFrame(pos);
      update();
      return;
    case Drag::Stroke: {
      const QRect touched = m_stroke->paintTo(toFrame(pos));
      rebuildOverlay(touched);
      update(m_view.toWidget(QRectF(touched)).toAlignedRect().adjusted(-2, -2, 2, 2));
      break;
    }
    case Drag::None:
      break;
  }
  if (brushTool()) {
    if (before) update(brushCursorRect(*before));
    update(brushCursorRect(pos));
  }
}

void FrameView::mouseReleaseEvent(QMouseEvent* event) {
  const Qt::MouseButton button = event->button();
  switch (m_drag) {
    case Drag::Pan:
      if (button != Qt::MiddleButton && button != Qt::LeftButton) return;
      m_drag = Drag::None;
      updateCursor();
      return;
    case Drag::Box: {
      if (button != Qt::LeftButton) return;
      m_drag = Drag::None;
      m_dragEnd = toFrame(event->position());
      const QRectF box = QRectF(m_dragStart, m_dragEnd).normalized();
      update();
      if (box.width() >= 2 && box.height() >= 2) Q_EMIT boxDrawn(box);
      return;
    }
    case Drag::Stroke:
      if (button != Qt::LeftButton && button != Qt::RightButton) return;
      finishStroke();
      return;
    case Drag::None:
      return;
  }
}

void FrameView::finishStroke() {
  m_drag = Drag::None;
  if (!m_stroke) return;
  const BrushStroke stroke = std::move(*m_stroke);
  m_stroke.reset();
  // Nothing painted (an eraser over background): no command, the overlay already matches.
  if (!stroke.changed()) return;
  m_paintedMask = stroke.mask();
  Q_EMIT maskPainted(m_activeObject, m_paintedMask, stroke.erases());
}

void FrameView::wheelEvent(QWheelEvent* event) {
  const int delta =
      event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
  if (delta == 0 || m_frame.isNull()) return;
  zoomAt(event->position(), std::pow(kZoomStep, delta / 120.0));
  event->accept();
}

bool FrameView::event(QEvent* event) {
  // Space held over the view pans; the window's Space shortcut (play / pause) must not fire
  // on the press, so the view takes the key and replays a plain tap in keyReleaseEvent.
  if (event->type() == QEvent::ShortcutOverride && !m_frame.isNull()) {
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
      event->accept();
      return true;
    }
  }
  return QWidget::event(event);
}

void FrameView::keyPressEvent(QKeyEvent* event) {
  if (event->key() != Qt::Key_Space || m_frame.isNull()) {
    QWidget::keyPressEvent(event);
    return;
  }
  if (!event->isAutoRepeat()) {
    m_spaceHeld = true;
    m_pannedWithSpace = m_drag == Drag::Pan;
    updateCursor();
    update();
  }
  event->accept();
}

void FrameView::keyReleaseEvent(QKeyEvent* event) {
  if (event->key() != Qt::Key_Space || event->isAutoRepeat() || !m_spaceHeld) {
    QWidget::keyReleaseEvent(event);
    return;
  }
  m_spaceHeld = false;
  updateCursor();
  update();
  event->accept();
  if (!m_pannedWithSpace) triggerWindowShortcut(QKeySequence(Qt::Key_Space));
}

void FrameView::triggerWindowShortcut(const QKeySequence& keys) {
  for (QAction* action : window()->findChildren<QAction*>()) {
    if (action->isEnabled() && action->shortcuts().contains(keys)) {
      action->trigger();
      return;
    }
  }
}

void FrameView::focusOutEvent(QFocusEvent* event) {
  m_spaceHeld = false;  // the release goes elsewhere
  updateCursor();
  QWidget::focusOutEvent(event);
}

void FrameView::leaveEvent(QEvent* event) {
  if (m_hover && brushTool()) update(brushCursorRect(*m_hover));
  m_hover.reset();
  QWidget::leaveEvent(event);
}

void FrameView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  m_view.setViewSize(size());
  viewChanged();
}

}  // namespace masklet::ui
