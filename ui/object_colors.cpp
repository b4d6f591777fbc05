#include "ui/object_colors.h"

#include <array>

namespace masklet::ui {

QColor colorForObject(int objectId) {
  // Tableau-like palette: readable on video and on each other.
  static const std::array<QColor, 10> palette{
      QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
      QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(188, 189, 34),
      QColor(23, 190, 207),  QColor(127, 127, 127)};
  const int index =
      ((objectId - 1) % int(palette.size()) + int(palette.size())) % int(palette.size());
  return palette[size_t(index)];
}

}  // namespace masklet::ui
