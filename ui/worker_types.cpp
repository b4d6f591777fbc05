#include "ui/worker_types.h"

namespace masklet::ui {

void registerWorkerTypes() {
  qRegisterMetaType<MediaInfo>();
  qRegisterMetaType<FrameResult>();
}

}  // namespace masklet::ui
