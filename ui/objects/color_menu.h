#pragma once
// The recolour menu of an object: the distinct palette (project/object_palette.h) as swatches
// with names, the current colour checked, and "Other colour..." opening a QColorDialog
// (non-modal, so the worker's results keep flowing). GUI thread only.
#include <QColor>
#include <QIcon>
#include <functional>

class QMenu;
class QWidget;

namespace masklet::ui {

// A square icon filled with `color`, with a thin dark border so light colours stay visible.
QIcon colorSwatchIcon(const QColor& color, int size = 14);

// A menu (owned by `parent`) whose choices call `picked` with the colour.
QMenu* buildColorMenu(QWidget* parent, std::function<void(const QColor&)> picked);

// Checks the palette entry equal to `current` (none for a custom colour); "Other colour..."
// starts from it.
void markCurrentColor(QMenu* menu, const QColor& current);

}  // namespace masklet::ui
