#include "ui/tracking/candidate_strip.h"

#include <QMouseEvent>
#include <QPainter>

#include "ui/canvas/mask_images.h"

namespace masklet::ui {

namespace {

constexpr int kThumbWidth = 132;
constexpr int kMargin = 6;
constexpr int kCaption = 18;

// The picture scaled to the thumbnail, the mask tinted in the object's colour over it.
// `picture` is already at thumbnail size (scaled once for all candidates). The mask is scaled
// down before it is tinted, so no full-size image is painted per candidate (this runs on the
// GUI thread right after a click).
QImage thumbnail(const QImage& picture, const dataset::Rle& rle, const QColor& color, QSize size) {
  QImage out(size, QImage::Format_ARGB32_Premultiplied);
  out.fill(Qt::black);
  QPainter painter(&out);
  if (!picture.isNull()) painter.drawImage(QPoint(0, 0), picture);
  // 255 where set, partial at the scaled edges: 60% opaque where set.
  QImage alpha = maskImage(rle).scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  for (int y = 0; y < alpha.height(); ++y) {
    uchar* row = alpha.scanLine(y);
    for (int x = 0; x < alpha.width(); ++x) row[x] = uchar(row[x] * 150 / 255);
  }
  QImage tint(alpha.size(), QImage::Format_ARGB32);
  tint.fill(color);
  tint.setAlphaChannel(alpha);
  painter.drawImage(QPoint(0, 0), tint);
  return out;
}

}  // namespace

CandidateStrip::CandidateStrip(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_StyledBackground);
  setToolTip(
      tr("SAM 2's three candidate masks for this click: press 1, 2 or 3 (or click one) "
         "to use it; the marked one is in effect"));
  setCursor(Qt::PointingHandCursor);
  if (parent) parent->installEventFilter(this);
  hide();
}

bool CandidateStrip::eventFilter(QObject* watched, QEvent* event) {
  if (watched == parentWidget() && event->type() == QEvent::Resize) placeInCorner();
  return QWidget::eventFilter(watched, event);
}

void CandidateStrip::placeInCorner() {
  if (parentWidget()) move(std::max(0, parentWidget()->width() - width() - 8), 8);
}

void CandidateStrip::showCandidates(int frame, int objectId,
                                    const std::vector<tracker::CandidateMask>& masks,
                                    const QImage& picture, const QColor& color) {
  m_masks = masks;
  m_frame = frame;
  m_objectId = objectId;
  m_chosen = -1;
  double best = -1.0;
  for (int i = 0; i < int(masks.size()); ++i)
    if (masks[size_t(i)].predictedIou > best) {
      best = masks[size_t(i)].predictedIou;
      m_chosen = i;
    }
  const int width = masks.empty() ? 1 : std::max(1, masks.front().rle.width);
  const int height = masks.empty() ? 1 : std::max(1, masks.front().rle.height);
  m_thumbSize = QSize(kThumbWidth, std::max(24, kThumbWidth * height / width));
  m_thumbnails.clear();
  const QImage small = picture.isNull() ? QImage()
                                        : picture.scaled(m_thumbSize, Qt::IgnoreAspectRatio,
                                                         Qt::SmoothTransformation);
  for (const auto& mask : masks)
    m_thumbnails.push_back(thumbnail(small, mask.rle, color, m_thumbSize));
  resize(sizeHint());
  placeInCorner();
  setVisible(!m_masks.empty());
  raise();
  update();
}

void CandidateStrip::clear() {
  m_masks.clear();
  m_thumbnails.clear();
  m_frame = -1;
  m_objectId = 0;
  m_chosen = -1;
  hide();
}

void CandidateStrip::setChosen(int index) {
  m_chosen = index;
  update();
}

const dataset::Rle* CandidateStrip::candidate(int index) const {
  if (index < 0 || index >= int(m_masks.size())) return nullptr;
  return &m_masks[size_t(index)].rle;
}

QSize CandidateStrip::sizeHint() const {
  const int n = std::max(1, int(m_masks.size()));
  return {kMargin + n * (m_thumbSize.width() + kMargin),
          kMargin + m_thumbSize.height() + kCaption + kMargin};
}

QRect CandidateStrip::thumbnailRect(int index) const {
  return {kMargin + index * (m_thumbSize.width() + kMargin), kMargin, m_thumbSize.width(),
          m_thumbSize.height()};
}

void CandidateStrip::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(20, 20, 20, 210));
  painter.setPen(Qt::white);
  for (int i = 0; i < int(m_thumbnails.size()); ++i) {
    const QRect box = thumbnailRect(i);
    painter.drawImage(box, m_thumbnails[size_t(i)]);
    if (i == m_chosen) {
      painter.setPen(QPen(QColor(255, 210, 0), 3));
      painter.drawRect(box.adjusted(-1, -1, 1, 1));
      painter.setPen(Qt::white);
    }
    const QRect caption(box.left(), box.bottom() + 2, box.width(), kCaption);
    painter.drawText(caption, Qt::AlignCenter,
                     tr("%1   IoU %2").arg(i + 1).arg(m_masks[size_t(i)].predictedIou, 0, 'f', 2));
  }
}

void CandidateStrip::mousePressEvent(QMouseEvent* event) {
  for (int i = 0; i < int(m_thumbnails.size()); ++i)
    if (thumbnailRect(i).adjusted(0, 0, 0, kCaption).contains(event->position().toPoint())) {
      Q_EMIT candidatePicked(i);
      return;
    }
}

}  // namespace masklet::ui
