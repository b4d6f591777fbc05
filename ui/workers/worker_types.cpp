#include "ui/workers/worker_types.h"

namespace masklet::ui {

void registerWorkerTypes() {
  qRegisterMetaType<MediaInfo>();
  qRegisterMetaType<PromptOutcome>();
  qRegisterMetaType<tracker::DocumentFrame>();
}

}  // namespace masklet::ui
