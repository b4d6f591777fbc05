#pragma once
// The three masks SAM 2 chose from on a first click, as small thumbnails with their predicted
// IoU (over the frame view's top-right corner). Keys 1/2/3 (MainWindow's shortcuts) or a click
// on a thumbnail pick one; the pick becomes the frame's prompt (PromptController). It shows
// the candidates of one frame and object and hides when they no longer apply. GUI thread only.
#include <QColor>
#include <QImage>
#include <QWidget>
#include <vector>

#include "tracker/document_frame.h"

namespace masklet::ui {

class CandidateStrip : public QWidget {
  Q_OBJECT

 public:
  // Floats over `parent`'s top-right corner (and follows it when the parent is resized).
  explicit CandidateStrip(QWidget* parent = nullptr);

  // Shows the candidates of (frame, object) drawn over `picture` (the frame) in `color`; the
  // one of highest predicted IoU is marked as the mask in effect.
  void showCandidates(int frame, int objectId, const std::vector<tracker::CandidateMask>& masks,
                      const QImage& picture, const QColor& color);
  // Hides and forgets the candidates.
  void clear();
  // Marks the candidate in effect (after a pick).
  void setChosen(int index);

  bool hasCandidates() const { return !m_masks.empty(); }
  int frame() const { return m_frame; }
  int objectId() const { return m_objectId; }
  int count() const { return int(m_masks.size()); }
  int chosen() const { return m_chosen; }
  // The candidate's mask; nullptr for an index out of range.
  const dataset::Rle* candidate(int index) const;
  QSize sizeHint() const override;

 Q_SIGNALS:
  void candidatePicked(int index);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QRect thumbnailRect(int index) const;
  void placeInCorner();

  std::vector<tracker::CandidateMask> m_masks;
  std::vector<QImage> m_thumbnails;  // picture with the candidate drawn over it
  int m_frame = -1;
  int m_objectId = 0;
  int m_chosen = -1;
  QSize m_thumbSize;
};

}  // namespace masklet::ui
