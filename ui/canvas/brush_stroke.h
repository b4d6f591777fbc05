#pragma once
// One brush or eraser stroke on an object's mask: discs of a radius (frame px) swept along the
// mouse path, painted into a copy of the mask the stroke started from. A pixel is painted when
// its centre lies within the radius of the path, so a click paints a disc of about pi r^2
// pixels whatever the zoom. GUI thread (QImage).
#include <QImage>
#include <QPointF>
#include <QRect>

namespace masklet::ui {

class BrushStroke {
 public:
  // `base`: the object's mask (Grayscale8, frame size), or a null image for none.
  BrushStroke(const QImage& base, QSize frameSize, double radius, bool erase);

  // Paints from the previous point to `framePos` (a single disc for the first one). Returns
  // the frame pixels it may have changed.
  QRect paintTo(QPointF framePos);

  const QImage& mask() const { return m_mask; }
  bool erases() const { return m_erase; }
  // Whether any pixel differs from the mask the stroke started from.
  bool changed() const { return m_changed; }

 private:
  QImage m_mask;
  double m_radius;
  bool m_erase;
  bool m_started = false;
  bool m_changed = false;
  QPointF m_last;
};

}  // namespace masklet::ui
