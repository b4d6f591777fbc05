#include "ui/canvas/view_transform.h"

#include <algorithm>
#include <cmath>

namespace masklet::ui {

namespace {
constexpr double kKeepOnScreen = 32.0;  // widget px of the frame that stay visible
}

void ViewTransform::setFrameSize(QSize size) {
  if (size == m_frame) return;
  m_frame = size;
  fit();
}

void ViewTransform::setViewSize(QSize size) {
  if (size == m_view) return;
  if (m_fit || m_view.isEmpty()) {
    m_view = size;
    fit();
    return;
  }
  const QPointF centre = toFrame(QPointF(m_view.width(), m_view.height()) / 2.0);
  m_view = size;
  m_origin = QPointF(m_view.width(), m_view.height()) / 2.0 - centre * m_scale;
  keepVisible();
}

double ViewTransform::fitScale() const {
  if (m_frame.isEmpty() || m_view.isEmpty()) return 1.0;
  return std::min(double(m_view.width()) / m_frame.width(),
                  double(m_view.height()) / m_frame.height());
}

double ViewTransform::minScale() const {
  return std::min(fitScale(), 1.0) / 2.0;
}

double ViewTransform::maxScale() const {
  return std::max(kMaxScale, fitScale());
}

void ViewTransform::fit() {
  m_fit = true;
  m_scale = fitScale();
  m_origin = QPointF((m_view.width() - m_frame.width() * m_scale) / 2.0,
                     (m_view.height() - m_frame.height() * m_scale) / 2.0);
}

void ViewTransform::setActualSize(QPointF anchor) {
  setScale(1.0, anchor);
}

void ViewTransform::zoomAt(QPointF anchor, double factor) {
  setScale(m_scale * factor, anchor);
}

void ViewTransform::setScale(double scale, QPointF anchor) {
  if (m_frame.isEmpty()) return;
  const QPointF framePoint = toFrame(anchor);
  m_scale = std::clamp(scale, minScale(), maxScale());
  m_origin = anchor - framePoint * m_scale;
  m_fit = false;
  keepVisible();
}

void ViewTransform::panBy(QPointF delta) {
  if (m_frame.isEmpty()) return;
  m_origin += delta;
  m_fit = false;
  keepVisible();
}

void ViewTransform::keepVisible() {
  const auto clampAxis = [](double origin, double extent, double view) {
    const double keep = std::min(kKeepOnScreen, std::min(extent, view));
    return std::clamp(origin, keep - extent, view - keep);
  };
  m_origin.setX(clampAxis(m_origin.x(), m_frame.width() * m_scale, m_view.width()));
  m_origin.setY(clampAxis(m_origin.y(), m_frame.height() * m_scale, m_view.height()));
}

QPointF ViewTransform::toFrame(QPointF widgetPos) const {
  return (widgetPos - m_origin) / m_scale;
}

QPointF ViewTransform::toWidget(QPointF framePos) const {
  return m_origin + framePos * m_scale;
}

QRectF ViewTransform::toWidget(const QRectF& frameRect) const {
  return QRectF(toWidget(frameRect.topLeft()), frameRect.size() * m_scale);
}

QRectF ViewTransform::frameRect() const {
  return toWidget(QRectF(QPointF(0, 0), QSizeF(m_frame)));
}

QRect ViewTransform::visiblePixels() const {
  if (m_frame.isEmpty() || m_view.isEmpty()) return {};
  const QPointF topLeft = toFrame(QPointF(0, 0));
  const QPointF bottomRight = toFrame(QPointF(m_view.width(), m_view.height()));
  const int x0 = std::max(0, int(std::floor(topLeft.x())));
  const int y0 = std::max(0, int(std::floor(topLeft.y())));
  const int x1 = std::min(m_frame.width(), int(std::ceil(bottomRight.x())));
  const int y1 = std::min(m_frame.height(), int(std::ceil(bottomRight.y())));
  if (x1 <= x0 || y1 <= y0) return {};
  return QRect(x0, y0, x1 - x0, y1 - y0);
}

}  // namespace masklet::ui
