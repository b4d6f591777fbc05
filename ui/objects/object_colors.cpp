#include "ui/objects/object_colors.h"

#include "project/object_palette.h"

namespace masklet::ui {

QColor colorForObject(int objectId) {
  return QColor(QRgb(project::paletteColor(objectId)));
}

}  // namespace masklet::ui
