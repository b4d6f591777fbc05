#include "ui/canvas/brush_stroke.h"

#include <algorithm>
#include <cmath>

namespace masklet::ui {

namespace {

// Squared distance from p to the segment a-b.
double distanceToSegment2(QPointF p, QPointF a, QPointF b) {
  const QPointF ab = b - a;
  const double length2 = QPointF::dotProduct(ab, ab);
  double t = length2 > 0 ? QPointF::dotProduct(p - a, ab) / length2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const QPointF d = p - (a + t * ab);
  return QPointF::dotProduct(d, d);
}

}  // namespace

BrushStroke::BrushStroke(const QImage& base, QSize frameSize, double radius, bool erase)
    : m_radius(std::max(0.5, radius)), m_erase(erase) {
  if (base.size() == frameSize && base.format() == QImage::Format_Grayscale8) {
    m_mask = base.copy();
  } else {
    m_mask = QImage(frameSize, QImage::Format_Grayscale8);
    m_mask.fill(0);
  }
}

QRect BrushStroke::paintTo(QPointF framePos) {
  const QPointF from = m_started ? m_last : framePos;
  m_started = true;
  m_last = framePos;
  const QRectF reach =
      QRectF(from, framePos).normalized().adjusted(-m_radius, -m_radius, m_radius, m_radius);
  const QRect touched =
      QRect(QPoint(int(std::floor(reach.left())), int(std::floor(reach.top()))),
            QPoint(int(std::ceil(reach.right())), int(std::ceil(reach.bottom())))) &
      m_mask.rect();
  const double radius2 = m_radius * m_radius;
  const uchar value = m_erase ? 0 : 255;
  for (int y = touched.top(); y <= touched.bottom(); ++y) {
    uchar* row = m_mask.scanLine(y);
    for (int x = touched.left(); x <= touched.right(); ++x) {
      if (row[x] == value) continue;
      if (distanceToSegment2(QPointF(x + 0.5, y + 0.5), from, framePos) > radius2) continue;
      row[x] = value;
      m_changed = true;
    }
  }
  return touched;
}

}  // namespace masklet::ui
