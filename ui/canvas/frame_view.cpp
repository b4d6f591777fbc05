#include "ui/canvas/frame_view.h"

#include <QAction>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/objects/object_colors.h"

namespace masklet::ui {

namespace {
// Below this zoom the frame is smoothed; above it its pixels are shown as blocks, as the masks
// always are, so the user paints on the pixels they see.
constexpr double kSmoothFrameBelow = 2.0;
}  // namespace

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(320, 200);
  setMouseTracking(true);  // the brush circle and the zoom keys follow the cursor
  setFocusPolicy(Qt::ClickFocus);
  setAutoFillBackground(false);
  updateCursor();
}

void FrameView::setFrame(const QImage& frame) {
  const bool sizeChanged = frame.size() != m_frame.size();
  m_frame = frame;
  if (sizeChanged) {
    m_view.setFrameSize(m_frame.size());
    m_view.setViewSize(size());
    m_stroke.reset();
    m_drag = Drag::None;
    m_style.contourWidth = contourWidth();
    rebuildOverlay();
    Q_EMIT zoomChanged(m_view.scale());
  }
  update();
}

void FrameView::setMasks(const QMap<int, QImage>& masks) {
  m_masks = masks;
  m_paintedMask = QImage();
  rebuildOverlay();
  update();
}

void FrameView::setPrompts(const QVector<PromptMarker>& prompts) {
  m_prompts = prompts;
  update();
}

void FrameView::setActiveObject(int objectId, const QImage& mask) {
  m_activeMask = mask;
  if (objectId == m_activeObject) return;
  m_activeObject = objectId;
  m_paintedMask = QImage();
  rebuildOverlay();  // the active object is drawn on top (and alone when asked)
  update();
}

void FrameView::setObjectColors(const QMap<int, QColor>& colors) {
  if (colors == m_colors) return;
  m_colors = colors;
  rebuildOverlay();
  update();
}

void FrameView::setTool(Tool tool) {
  m_tool = tool;
  updateCursor();
  update();
}

void FrameView::setOverlayOpacity(double opacity) {
  m_style.opacity = std::clamp(opacity, 0.0, 1.0);
  rebuildOverlay();
  update();
  Q_EMIT overlayStyleChanged();
}

void FrameView::setOutlineOnly(bool outlineOnly) {
  m_style.outlineOnly = outlineOnly;
  rebuildOverlay();
  update();
  Q_EMIT overlayStyleChanged();
}

void FrameView::setShowOnlyActive(bool only) {
  m_showOnlyActive = only;
  rebuildOverlay();
  update();
}

void FrameView::setBrushRadius(double radius) {
  radius = std::clamp(radius, kMinBrushRadius, kMaxBrushRadius);
  if (radius == m_brushRadius) return;
  m_brushRadius = radius;
  update();
  Q_EMIT brushRadiusChanged(radius);
}

void FrameView::growBrush() {
  const double diameter = 2 * m_brushRadius;
  setBrushRadius(std::max(diameter + 1, std::round(diameter * 1.25)) / 2);
}

void FrameView::shrinkBrush() {
  const double diameter = 2 * m_brushRadius;
  setBrushRadius(std::max(1.0, std::min(diameter - 1, std::round(diameter / 1.25))) / 2);
}

// --- zoom and pan ---

void FrameView::zoomIn() {
  zoomAt(m_hover.value_or(QRectF(rect()).center()), kZoomStep);
}

void FrameView::zoomOut() {
  zoomAt(m_hover.value_or(QRectF(rect()).center()), 1.0 / kZoomStep);
}

void FrameView::zoomAt(QPointF widgetPos, double factor) {
  if (m_frame.isNull()) return;
  m_view.zoomAt(widgetPos, factor);
  viewChanged();
}

void FrameView::fitToWindow() {
  m_view.fit();
  viewChanged();
}

void FrameView::actualSize() {
  if (m_frame.isNull()) return;
  m_view.setActualSize(m_hover.value_or(QRectF(rect()).center()));
  viewChanged();
}

void FrameView::panBy(QPointF widgetDelta) {
  if (m_frame.isNull()) return;
  m_view.panBy(widgetDelta);
  viewChanged();
}

void FrameView::viewChanged() {
  if (contourWidth() != m_style.contourWidth) {
    m_style.contourWidth = contourWidth();
    rebuildOverlay();
  }
  update();
  Q_EMIT zoomChanged(m_view.scale());
}

int FrameView::contourWidth() const {
  // One screen pixel at least: shown reduced, a one-pixel contour would fall between samples.
  return std::max(1, int(std::ceil(1.0 / m_view.scale() - 1e-6)));
}

QPointF FrameView::toFrame(const QPointF& widgetPos) const {
  if (m_frame.isNull()) return {};
  return m_view.toFrame(widgetPos);
}

QPointF FrameView::toWidget(const QPointF& framePos) const {
  if (m_frame.isNull()) return {};
  return m_view.toWidget(framePos);
}

// --- overlay ---

QVector<OverlayLayer> FrameView::overlayLayers() const {
  const auto color = [this](int id) { return m_colors.value(id, colorForObject(id)); };
  QVector<OverlayLayer> layers;
  if (!m_showOnlyActive) {
    for (auto it = m_masks.cbegin(); it != m_masks.cend(); ++it)
      if (it.key() != m_activeObject) layers.push_back({it.value(), color(it.key())});
  }
  // The active object on top; while painting, the mask being painted.
  const QImage active = m_stroke                  ? m_stroke->mask()
                        : !m_paintedMask.isNull() ? m_paintedMask
                                                  : m_masks.value(m_activeObject);
  if (!active.isNull()) layers.push_back({active, color(m_activeObject)});
  return layers;
}

void FrameView::rebuildOverlay(QRect region) {
  if (m_frame.isNull()) {
    m_overlay = QImage();
    return;
  }
  if (region.isNull()) {
    region = QRect(QPoint(0, 0), m_frame.size());
  } else {
    // A changed pixel changes whether its neighbours are on the contour.
    const int w = m_style.contourWidth;
    region.adjust(-w, -w, w, w);
  }
  compositeMasks(m_overlay, m_frame.size(), overlayLayers(), m_style, region);
}

// --- painting ---

QRect FrameView::brushCursorRect(QPointF widgetPos) const {
  const double r = m_brushRadius * m_view.scale() + 3;
  return QRectF(widgetPos - QPointF(r, r), QSizeF(2 * r, 2 * r)).toAlignedRect();
}

void FrameView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(30, 30, 30));
  if (m_frame.isNull()) {
    painter.setPen(QColor(200, 200, 200));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Open a video or an image folder (Ctrl+O) to start annotating."));
    return;
  }
  // Only the visible pixels: at a high zoom the scaled frame would be huge.
  const QRect visible = m_view.visiblePixels();
  if (!visible.isEmpty()) {
    const QRectF target = m_view.toWidget(QRectF(visible));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_view.scale() < kSmoothFrameBelow);
    painter.drawImage(target, m_frame, QRectF(visible));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    if (!m_overlay.isNull()) painter.drawImage(target, m_overlay, QRectF(visible));
  }

  painter.setRenderHint(QPainter::Antialiasing, true);
  for (const auto& prompt : m_prompts) {
    if (m_showOnlyActive && prompt.objectId != m_activeObject) continue;
    const QPointF center = toWidget(prompt.position);
    painter.setPen(QPen(Qt::white, 2));
    painter.setBrush(prompt.positive ? QColor(40, 200, 70) : QColor(230, 50, 50));
    painter.drawEllipse(center, 6, 6);
    painter.drawLine(center - QPointF(3, 0), center + QPointF(3, 0));
    if (prompt.positive) painter.drawLine(center - QPointF(0, 3), center + QPointF(0, 3));
  }
  if (m_drag == Drag::Box) {
    painter.setPen(QPen(QColor(255, 220, 0), 2, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(toWidget(m_dragStart), toWidget(m_dragEnd)).normalized());
  }
  if (brushTool() && m_hover && m_drag != Drag::Pan && !m_spaceHeld) {
    // The brush as it paints: a circle of brushRadius() frame pixels, dark under light so it
    // shows on any frame; dashed for the eraser.
    const double r = m_brushRadius * m_view.scale();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 180), 3));
    painter.drawEllipse(*m_hover, r, r);
    painter.setPen(QPen(Qt::white, 1, m_tool == Tool::Eraser ? Qt::DashLine : Qt::SolidLine));
    painter.drawEllipse(*m_hover, r, r);
  }
}

// --- input ---

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
