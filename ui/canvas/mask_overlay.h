#pragma once
// Composites the objects' masks into one premultiplied ARGB image of the frame's size, as
// filled areas with an opaque contour or as the contour alone. A region can be redone on its
// own, so a brush stroke redraws only what it touched. GUI thread (QImage).
#include <QColor>
#include <QImage>
#include <QRect>
#include <QVector>

namespace masklet::ui {

struct OverlayStyle {
  double opacity = 0.5;      // of the fill; contours are opaque
  bool outlineOnly = false;  // contours, no fill
  int contourWidth = 1;      // frame px: wider when the frame is shown reduced, so it stays seen
};

struct OverlayLayer {
  QImage mask;  // Grayscale8, frame size, nonzero = object
  QColor color;
};

// Redraws `region` (frame px) of `overlay` from `layers`, later layers on top. `overlay` is
// made (transparent, frame size) when its size is not `frameSize`. Layers of another size are
// skipped.
void compositeMasks(QImage& overlay, QSize frameSize, const QVector<OverlayLayer>& layers,
                    const OverlayStyle& style, QRect region);

// The contour of `mask` within `region`, as an image of the region's size (its (0, 0) is the
// region's top-left): 255 where the mask is set and some pixel within `width` (chessboard
// distance) is not. The frame's border does not count as background.
QImage maskContour(const QImage& mask, int width, QRect region);

}  // namespace masklet::ui
