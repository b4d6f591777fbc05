#pragma once
// Decodes frames for display on its own thread, with its own FrameSource, so scrubbing stays
// smooth while the tracker is busy. This object lives on the GUI thread: calls return at once
// and run on the loader thread; answers come back as signals on the GUI thread. Requests that
// went stale while decoding (the user kept scrubbing) are skipped. GUI thread only.
#include <QImage>
#include <QObject>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>

#include "ui/workers/worker_types.h"

namespace masklet::video {
class FrameSource;
}

namespace masklet::ui {

class FrameLoader : public QObject {
  Q_OBJECT

 public:
  explicit FrameLoader(QObject* parent = nullptr);
  ~FrameLoader() override;  // waits for the frame in progress

  void openMedia(const QString& path);
  // Image mode: the folder's images at their own sizes, listed in MediaInfo::images.
  void openImages(const QString& folder);
  // The frame wanted now; requests still queued for older frames are dropped.
  void requestFrame(int frame);

 Q_SIGNALS:
  void mediaOpened(const masklet::ui::MediaInfo& info);
  void frameLoaded(int frame, const QImage& image);
  void failed(const QString& message);

 private:
  // Runs `job` on the loader thread.
  void run(std::function<void()> job);
  // Runs `emitter` on the GUI thread, where every signal leaves from.
  void answer(std::function<void()> emitter);
  void openOnThread(const QString& path, bool images);
  void loadOnThread(int frame);

  QThread m_thread;
  QObject* m_context = nullptr;                  // lives on m_thread: jobs are queued to it
  std::unique_ptr<video::FrameSource> m_source;  // used on the loader thread only
  std::atomic<int> m_latest{-1};
};

}  // namespace masklet::ui
