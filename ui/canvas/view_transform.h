#pragma once
// Where a frame is drawn in a widget: a scale (widget px per frame px) and the widget position
// of the frame's top-left corner. "Fit" follows the widget's size; a zoom or a pan leaves it.
// Frame coordinates are continuous: pixel (i, j) covers [i, i+1) x [j, j+1). Plain value, no
// widget; GUI thread.
#include <QPointF>
#include <QRectF>
#include <QSize>

namespace masklet::ui {

class ViewTransform {
 public:
  static constexpr double kMaxScale = 64.0;  // a frame pixel as a 64 px block

  // A new frame size starts at fit; the same size keeps the zoom (the next frame of a video).
  void setFrameSize(QSize size);
  // At fit it refits; otherwise the frame point at the view's centre stays there.
  void setViewSize(QSize size);
  void fit();
  // 1 frame px = 1 widget px, the frame point under `anchor` (widget px) staying under it.
  void setActualSize(QPointF anchor);
  // Scales by `factor` (within minScale()..maxScale()) around the frame point under `anchor`.
  void zoomAt(QPointF anchor, double factor);
  void setScale(double scale, QPointF anchor);
  void panBy(QPointF delta);  // widget px

  bool isFit() const { return m_fit; }
  double scale() const { return m_scale; }
  double fitScale() const;
  double minScale() const;
  double maxScale() const;
  QSize frameSize() const { return m_frame; }

  QPointF toFrame(QPointF widgetPos) const;
  QPointF toWidget(QPointF framePos) const;
  QRectF toWidget(const QRectF& frameRect) const;
  QRectF frameRect() const;  // the whole frame, widget px
  // The frame pixels at least partly visible, whole pixels (empty when none).
  QRect visiblePixels() const;

 private:
  // Keeps part of the frame on screen: a pan or zoom cannot lose it.
  void keepVisible();

  QSize m_frame;
  QSize m_view;
  double m_scale = 1.0;
  QPointF m_origin;  // widget position of frame point (0, 0)
  bool m_fit = true;
};

}  // namespace masklet::ui
