#pragma once
// A key filter for the frame box: it takes digits only, so Space stays the window's Play /
// Pause shortcut while the box has the focus. GUI thread only.
#include <QObject>

namespace masklet::ui {

class SpaceGoesToShortcuts : public QObject {
 public:
  using QObject::QObject;
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace masklet::ui
