#pragma once
// Decodes frames for display on its own thread, with its own FrameSource, so scrubbing stays
// smooth while the tracker is busy. Requests that went stale while decoding (the user kept
// scrubbing) are skipped. Lives in a worker QThread; talk to it only through queued calls.
#include <QImage>
#include <QObject>
#include <atomic>
#include <memory>

#include "ui/workers/worker_types.h"

namespace masklet::video {
class FrameSource;
}

namespace masklet::ui {

class FrameLoader : public QObject {
  Q_OBJECT

 public:
  FrameLoader();
  ~FrameLoader() override;

  // Thread-safe: marks `frame` as the one wanted now; older queued requests are dropped.
  void noteLatestRequest(int frame) { m_latest.store(frame); }

 public Q_SLOTS:
  void openMedia(const QString& path);
  // Image mode: the folder's images at their own sizes, listed in MediaInfo::images.
  void openImages(const QString& folder);
  void loadFrame(int frame);

 Q_SIGNALS:
  void mediaOpened(const masklet::ui::MediaInfo& info);
  void frameLoaded(int frame, const QImage& image);
  void failed(const QString& message);

 private:
  std::unique_ptr<video::FrameSource> m_source;
  std::atomic<int> m_latest{-1};
};

}  // namespace masklet::ui
