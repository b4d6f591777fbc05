#pragma once
// Shows one video frame, the objects' masks as coloured overlays and the prompts of the
// current frame; turns mouse input into prompts and mask edits in frame pixel coordinates.
// Tools: points (left click positive; right click or Shift+left negative), box (left drag),
// brush and eraser (left drag paints / erases discs of brushRadius() frame px on the active
// object's mask; right drag or Shift does the other one). Wheel zooms around the cursor;
// middle drag or Space+left drag pans; a tap of Space does what Space does in the window.
// Masks are drawn pixel-exact (nearest neighbour), filled or as outlines. GUI thread only.
#include <QImage>
#include <QKeySequence>
#include <QMap>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <QWidget>
#include <optional>

#include "ui/canvas/brush_stroke.h"
#include "ui/canvas/mask_overlay.h"
#include "ui/canvas/view_transform.h"

namespace masklet::ui {

struct PromptMarker {
  QPointF position;  // frame pixels
  bool positive = true;
  int objectId = 0;
};

class FrameView : public QWidget {
  Q_OBJECT

 public:
  enum class Tool { Points, Box, Brush, Eraser };
  static constexpr double kZoomStep = 1.25;  // one key press or wheel notch
  static constexpr double kMinBrushRadius = 0.5;
  static constexpr double kMaxBrushRadius = 512.0;

  explicit FrameView(QWidget* parent = nullptr);

  // A frame of a new size starts at fit; the same size keeps zoom and pan.
  void setFrame(const QImage& frame);
  // One 8-bit mask (0/255, frame size) per object id to draw; replaces all overlays (and
  // the painted mask shown while its prompt is computed).
  void setMasks(const QMap<int, QImage>& masks);
  void setPrompts(const QVector<PromptMarker>& prompts);
  // The object the brush and eraser edit and "show only active" keeps, with its current mask
  // on this frame (null: none), which a stroke starts from even when the object is hidden.
  void setActiveObject(int objectId, const QImage& mask);
  int activeObject() const { return m_activeObject; }
  void setObjectColors(const QMap<int, QColor>& colors);  // ids missing: the default palette
  void setTool(Tool tool);
  Tool tool() const { return m_tool; }
  bool hasFrame() const { return !m_frame.isNull(); }
  const QImage& frameImage() const { return m_frame; }  // the picture shown, without overlays

  // --- overlay look ---
  void setOverlayOpacity(double opacity);  // of the fills, 0..1
  double overlayOpacity() const { return m_style.opacity; }
  void setOutlineOnly(bool outlineOnly);
  bool outlineOnly() const { return m_style.outlineOnly; }
  void setShowOnlyActive(bool only);
  bool showOnlyActive() const { return m_showOnlyActive; }

  // --- brush ---
  void setBrushRadius(double radius);  // frame px, clamped
  double brushRadius() const { return m_brushRadius; }
  // One step of the [ and ] keys: the diameter by 25%, at least one pixel.
  void growBrush();
  void shrinkBrush();

  // --- zoom and pan ---
  void zoomIn();  // around the cursor when it is over the view, else the centre
  void zoomOut();
  void zoomAt(QPointF widgetPos, double factor);
  void fitToWindow();
  void actualSize();  // 1 frame px = 1 screen px
  void panBy(QPointF widgetDelta);
  double zoom() const { return m_view.scale(); }
  bool isFit() const { return m_view.isFit(); }

  // Frame pixel coordinates of a widget position (may lie outside the frame).
  QPointF toFrame(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& framePos) const;
  // What is drawn, frame size (tests and screenshots look at it).
  const QImage& overlay() const { return m_overlay; }

 Q_SIGNALS:
  void pointClicked(QPointF framePos, bool positive);
  void boxDrawn(QRectF frameBox);
  // A finished stroke: the object's whole mask on this frame as painted (Grayscale8).
  void maskPainted(int objectId, const QImage& mask, bool erased);
  void zoomChanged(double scale);
  void overlayStyleChanged();  // opacity or outline-only, from any source (menu, settings)
  void brushRadiusChanged(double radius);

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  enum class Drag { None, Pan, Box, Stroke };

  bool brushTool() const { return m_tool == Tool::Brush || m_tool == Tool::Eraser; }
  // Rebuilds the overlay in `region` (frame px), all of it when null.
  void rebuildOverlay(QRect region = QRect());
  QVector<OverlayLayer> overlayLayers() const;
  int contourWidth() const;
  void viewChanged();  // zoom or pan moved
  void updateCursor();
  QRect brushCursorRect(QPointF widgetPos) const;
  void finishStroke();
  // Space tapped without panning: the window's Space action (play / pause) still happens.
  void triggerWindowShortcut(const QKeySequence& keys);

  QImage m_frame;
  QMap<int, QImage> m_masks;
  QMap<int, QColor> m_colors;
  QImage m_overlay;  // the masks composited, ARGB32 premultiplied, frame size
  QVector<PromptMarker> m_prompts;
  int m_activeObject = 0;
  QImage m_activeMask;
  // The last stroke's mask, shown until the document has the tracker's answer.
  QImage m_paintedMask;
  Tool m_tool = Tool::Points;
  OverlayStyle m_style;
  bool m_showOnlyActive = false;
  double m_brushRadius = 8.0;
  ViewTransform m_view;

  Drag m_drag = Drag::None;
  QPointF m_dragStart;  // frame px (box) or widget px (pan)
  QPointF m_dragEnd;
  std::optional<BrushStroke> m_stroke;
  bool m_spaceHeld = false;
  bool m_pannedWithSpace = false;
  std::optional<QPointF> m_hover;  // widget px of the mouse over the view
};

}  // namespace masklet::ui
