// FrameView's state: the frame, masks, prompts, tools, overlay look, brush, zoom and pan, and
// the overlay composited from the masks. Painting and mouse / key input are
// frame_view_paint.cpp and frame_view_input.cpp.
#include "ui/canvas/frame_view.h"

#include <algorithm>
#include <cmath>

#include "ui/objects/object_colors.h"

namespace masklet::ui {

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

}  // namespace masklet::ui
