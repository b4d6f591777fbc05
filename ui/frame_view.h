#pragma once
// Shows one video frame scaled to fit, the objects' masks as coloured overlays and the
// prompts of the current frame; turns clicks into prompts in frame pixel coordinates.
// Left click: positive point; right click (or Shift+left): negative point; in box mode a
// left drag draws a box. GUI thread only.
#include <QImage>
#include <QMap>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <QWidget>

namespace masklet::ui {

struct PromptMarker {
  QPointF position;  // frame pixels
  bool positive = true;
  int objectId = 0;
};

class FrameView : public QWidget {
  Q_OBJECT

 public:
  enum class Tool { Points, Box };

  explicit FrameView(QWidget* parent = nullptr);

  void setFrame(const QImage& frame);
  // One 8-bit mask (0/255, frame size) per object id; replaces all overlays.
  void setMasks(const QMap<int, QImage>& masks);
  void setPrompts(const QVector<PromptMarker>& prompts);
  void setTool(Tool tool);
  void setOverlayOpacity(double opacity);
  Tool tool() const { return m_tool; }
  bool hasFrame() const { return !m_frame.isNull(); }

  // Frame pixel coordinates of a widget position (may lie outside the frame).
  QPointF toFrame(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& framePos) const;

 Q_SIGNALS:
  void pointClicked(QPointF framePos, bool positive);
  void boxDrawn(QRectF frameBox);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void updateGeometryCache();
  void rebuildOverlay();

  QImage m_frame;
  QMap<int, QImage> m_masks;
  QImage m_overlay;  // all masks composited once, ARGB32 premultiplied, frame size
  QVector<PromptMarker> m_prompts;
  Tool m_tool = Tool::Points;
  double m_opacity = 0.5;
  QRectF m_target;  // where the frame is drawn in widget coordinates
  bool m_dragging = false;
  QPointF m_dragStart;
  QPointF m_dragEnd;
};

}  // namespace masklet::ui
