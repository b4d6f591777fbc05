#include "ui/frame_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include "ui/object_colors.h"

namespace masklet::ui {

FrameView::FrameView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(320, 200);
  setMouseTracking(false);
  setFocusPolicy(Qt::ClickFocus);
  setAutoFillBackground(false);
}

void FrameView::setFrame(const QImage& frame) {
  const bool sizeChanged = frame.size() != m_frame.size();
  m_frame = frame;
  if (sizeChanged) {
    updateGeometryCache();
    rebuildOverlay();
  }
  update();
}

void FrameView::setMasks(const QMap<int, QImage>& masks) {
  m_masks = masks;
  rebuildOverlay();
  update();
}

void FrameView::setPrompts(const QVector<PromptMarker>& prompts) {
  m_prompts = prompts;
  update();
}

void FrameView::setTool(Tool tool) {
  m_tool = tool;
  setCursor(tool == Tool::Box ? Qt::CrossCursor : Qt::PointingHandCursor);
}

void FrameView::setOverlayOpacity(double opacity) {
  m_opacity = opacity;
  rebuildOverlay();
  update();
}

void FrameView::rebuildOverlay() {
  if (m_frame.isNull()) {
    m_overlay = QImage();
    return;
  }
  m_overlay = QImage(m_frame.size(), QImage::Format_ARGB32_Premultiplied);
  m_overlay.fill(Qt::transparent);
  const int alpha = int(m_opacity * 255);
  for (auto it = m_masks.cbegin(); it != m_masks.cend(); ++it) {
    const QImage& mask = it.value();
    if (mask.size() != m_frame.size() || mask.format() != QImage::Format_Grayscale8) continue;
    const QColor color = colorForObject(it.key());
    // Premultiplied colour of the fill and a solid outline where the mask meets background.
    const QRgb fill = qPremultiply(qRgba(color.red(), color.green(), color.blue(), alpha));
    const QRgb edge = qRgba(color.red(), color.green(), color.blue(), 255);
    const int w = mask.width();
    const int h = mask.height();
    for (int y = 0; y < h; ++y) {
      const uchar* row = mask.constScanLine(y);
      const uchar* up = mask.constScanLine(y > 0 ? y - 1 : y);
      const uchar* down = mask.constScanLine(y < h - 1 ? y + 1 : y);
      auto* out = reinterpret_cast<QRgb*>(m_overlay.scanLine(y));
      for (int x = 0; x < w; ++x) {
        if (!row[x]) continue;
        const bool border =
            !up[x] || !down[x] || (x > 0 && !row[x - 1]) || (x < w - 1 && !row[x + 1]);
        out[x] = border ? edge : fill;
      }
    }
  }
}

void FrameView::updateGeometryCache() {
  if (m_frame.isNull()) {
    m_target = QRectF();
    return;
  }
  const QSizeF scaled = QSizeF(m_frame.size()).scaled(size(), Qt::KeepAspectRatio);
  m_target =
      QRectF(QPointF((width() - scaled.width()) / 2.0, (height() - scaled.height()) / 2.0), scaled);
}

void FrameView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  updateGeometryCache();
}

QPointF FrameView::toFrame(const QPointF& widgetPos) const {
  if (m_target.isEmpty()) return {};
  return QPointF((widgetPos.x() - m_target.left()) * m_frame.width() / m_target.width(),
                 (widgetPos.y() - m_target.top()) * m_frame.height() / m_target.height());
}

QPointF FrameView::toWidget(const QPointF& framePos) const {
  if (m_frame.isNull()) return {};
  return QPointF(m_target.left() + framePos.x() * m_target.width() / m_frame.width(),
                 m_target.top() + framePos.y() * m_target.height() / m_frame.height());
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
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  painter.drawImage(m_target, m_frame);
  if (!m_overlay.isNull()) painter.drawImage(m_target, m_overlay);

  painter.setRenderHint(QPainter::Antialiasing, true);
  for (const auto& prompt : m_prompts) {
    const QPointF center = toWidget(prompt.position);
    painter.setPen(QPen(Qt::white, 2));
    painter.setBrush(prompt.positive ? QColor(40, 200, 70) : QColor(230, 50, 50));
    painter.drawEllipse(center, 6, 6);
    painter.setPen(QPen(Qt::white, 2));
    painter.drawLine(center - QPointF(3, 0), center + QPointF(3, 0));
    if (prompt.positive) painter.drawLine(center - QPointF(0, 3), center + QPointF(0, 3));
  }
  if (m_dragging) {
    painter.setPen(QPen(QColor(255, 220, 0), 2, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(toWidget(m_dragStart), toWidget(m_dragEnd)).normalized());
  }
}

void FrameView::mousePressEvent(QMouseEvent* event) {
  if (m_frame.isNull()) return;
  const QPointF framePos = toFrame(event->position());
  if (m_tool == Tool::Box && event->button() == Qt::LeftButton) {
    m_dragging = true;
    m_dragStart = m_dragEnd = framePos;
    return;
  }
  if (event->button() == Qt::LeftButton) {
    Q_EMIT pointClicked(framePos, !(event->modifiers() & Qt::ShiftModifier));
  } else if (event->button() == Qt::RightButton) {
    Q_EMIT pointClicked(framePos, false);
  }
}

void FrameView::mouseMoveEvent(QMouseEvent* event) {
  if (!m_dragging) return;
  m_dragEnd = toFrame(event->position());
  update();
}

void FrameView::mouseReleaseEvent(QMouseEvent* event) {
  if (!m_dragging || event->button() != Qt::LeftButton) return;
  m_dragging = false;
  m_dragEnd = toFrame(event->position());
  const QRectF box = QRectF(m_dragStart, m_dragEnd).normalized();
  update();
  if (box.width() >= 2 && box.height() >= 2) Q_EMIT boxDrawn(box);
}

}  // namespace masklet::ui
