// FrameView's painting: the frame (smoothed only when zoomed out), the overlay, the prompts,
// the box being drawn and the brush circle.
#include <QPainter>

#include "ui/canvas/frame_view.h"

namespace masklet::ui {
namespace {
// Below this zoom the frame is smoothed; above it its pixels are shown as blocks, as the masks
// always are, so the user paints on the pixels they see.
constexpr double kSmoothFrameBelow = 2.0;
}  // namespace

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

}  // namespace masklet::ui
