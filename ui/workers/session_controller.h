#pragma once
// The GUI's two worker threads, opened on the same media: the tracker (TrackerWorker: the
// model and the annotation engine) and the display frame loader (FrameLoader). Each answers
// with its own signals on the GUI thread; connect to them through tracker() and frames().
// GUI thread only.
#include <QObject>
#include <QString>

namespace masklet::ui {

class FrameLoader;
class TrackerWorker;

class SessionController : public QObject {
  Q_OBJECT

 public:
  explicit SessionController(QObject* parent = nullptr);
  ~SessionController() override;

  // The frame loader shows the media at once; the tracker's engine opens once a model is in.
  void openMedia(const QString& path);
  // Image mode: a folder of images, each annotated on its own (sizes may differ).
  void openImages(const QString& folder);
  // The frame wanted on screen now (frames().frameLoaded answers).
  void requestFrame(int frame);

  TrackerWorker* tracker() const { return m_tracker; }
  FrameLoader* frames() const { return m_frames; }

 private:
  TrackerWorker* m_tracker = nullptr;
  FrameLoader* m_frames = nullptr;
};

}  // namespace masklet::ui
