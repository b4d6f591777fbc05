#pragma once
// Per-object colours: stable for an object id, distinct for neighbouring ids. GUI thread.
#include <QColor>

namespace masklet::ui {

QColor colorForObject(int objectId);

}  // namespace masklet::ui
