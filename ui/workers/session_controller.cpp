#include "ui/workers/session_controller.h"

#include "ui/workers/frame_loader.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {

SessionController::SessionController(QObject* parent)
    : QObject(parent), m_tracker(new TrackerWorker(this)), m_frames(new FrameLoader(this)) {}

// The children stop their threads (frames first: it is the quicker to finish).
SessionController::~SessionController() {
  delete m_frames;
  delete m_tracker;
}

void SessionController::openMedia(const QString& path) {
  m_frames->openMedia(path);
  m_tracker->openVideo(path);
}

void SessionController::openImages(const QString& folder) {
  m_frames->openImages(folder);
  m_tracker->openImages(folder);
}

void SessionController::requestFrame(int frame) {
  m_frames->requestFrame(frame);
}

}  // namespace masklet::ui
