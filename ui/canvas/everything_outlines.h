#pragma once
// The outlines of segment everything's masks, drawn over the frame view (a transparent child
// covering it): every found mask's border in its own colour, selected ones thick and green.
// A left click reports the frame pixel; other mouse input goes on to the view. GUI thread.
#include <QImage>
#include <QWidget>
#include <functional>
#include <set>
#include <vector>

#include "dataset/rle.h"

namespace masklet::ui {

class FrameView;

class EverythingOutlines : public QWidget {
 public:
  explicit EverythingOutlines(FrameView* view);

  // The masks (frame size); clears the selection drawing.
  void setMasks(const std::vector<dataset::Rle>& masks);
  void setSelected(const std::set<int>& selected);
  // Index of the smallest mask set at the frame pixel, -1 when none.
  int maskAt(QPointF framePos) const;
  const QImage& picture() const { return m_picture; }  // what is drawn, frame size
  std::function<void(QPointF framePos)> onClicked;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void redraw();

  FrameView* m_view;
  std::vector<QImage> m_masks;  // Grayscale8, 255 = set
  std::vector<int64_t> m_areas;
  std::set<int> m_selected;
  QImage m_picture;  // ARGB32 outlines, frame size
};

}  // namespace masklet::ui
