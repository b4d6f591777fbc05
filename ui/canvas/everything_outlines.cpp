#include "ui/canvas/everything_outlines.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

#include "ui/canvas/frame_view.h"
#include "ui/canvas/mask_images.h"

namespace masklet::ui {

EverythingOutlines::EverythingOutlines(FrameView* view) : QWidget(view), m_view(view) {
  setObjectName("everythingOutlines");
  setAttribute(Qt::WA_TranslucentBackground);
  setGeometry(view->rect());
  view->installEventFilter(this);  // follows the view's size
  hide();
}

void EverythingOutlines::setMasks(const std::vector<dataset::Rle>& masks) {
  m_masks.clear();
  m_areas.clear();
  for (const auto& rle : masks) {
    m_masks.push_back(maskImage(rle));
    m_areas.push_back(int64_t(dataset::rleArea(rle)));
  }
  m_selected.clear();
  redraw();
}

void EverythingOutlines::setSelected(const std::set<int>& selected) {
  m_selected = selected;
  redraw();
}

int EverythingOutlines::maskAt(QPointF framePos) const {
  const int x = int(framePos.x()), y = int(framePos.y());
  int best = -1;
  for (size_t i = 0; i < m_masks.size(); ++i) {
    const QImage& m = m_masks[i];
    if (x < 0 || y < 0 || x >= m.width() || y >= m.height()) continue;
    // The smallest one wins: a part inside a larger object stays reachable.
    if (m.constScanLine(y)[x] != 0 && (best < 0 || m_areas[i] < m_areas[size_t(best)]))
      best = int(i);
  }
  return best;
}

void EverythingOutlines::redraw() {
  if (m_masks.empty()) {
    m_picture = QImage();
    update();
    return;
  }
  const int w = m_masks.front().width(), h = m_masks.front().height();
  m_picture = QImage(w, h, QImage::Format_ARGB32);
  m_picture.fill(Qt::transparent);
  for (size_t i = 0; i < m_masks.size(); ++i) {
    const QImage& m = m_masks[i];
    const bool chosen = m_selected.count(int(i)) != 0;
    const QRgb edge = chosen ? qRgb(0, 255, 0) : QColor::fromHsv(int(i * 47) % 360, 255, 255).rgb();
    for (int y = 0; y < h; ++y) {
      const uchar* row = m.constScanLine(y);
      auto* out = reinterpret_cast<QRgb*>(m_picture.scanLine(y));
      for (int x = 0; x < w; ++x) {
        if (row[x] == 0) continue;
        const bool border = x == 0 || y == 0 || x == w - 1 || y == h - 1 || row[x - 1] == 0 ||
                            row[x + 1] == 0 || m.constScanLine(y - 1)[x] == 0 ||
                            m.constScanLine(y + 1)[x] == 0;
        if (border)
          out[x] = edge;
        else if (chosen)  // a kept mask is tinted, so the choice shows at any zoom
          out[x] = qRgba(0, 255, 0, 70);
      }
    }
  }
  update();
}

bool EverythingOutlines::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_view && event->type() == QEvent::Resize) setGeometry(m_view->rect());
  return QWidget::eventFilter(watched, event);
}

void EverythingOutlines::paintEvent(QPaintEvent*) {
  if (m_picture.isNull()) return;
  QPainter painter(this);
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);  // pixel-exact, as the masks
  const QRectF target(m_view->toWidget(QPointF(0, 0)),
                      m_view->toWidget(QPointF(m_picture.width(), m_picture.height())));
  painter.drawImage(target, m_picture);
}

void EverythingOutlines::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !onClicked) {
    event->ignore();  // pan, zoom and the rest stay the view's
    return;
  }
  onClicked(m_view->toFrame(event->position()));
}

}  // namespace masklet::ui
