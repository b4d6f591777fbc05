#pragma once
// Plays the video at its frame rate through the display frame loader: one frame requested at a
// time; when decoding is slower than the frame rate the next request skips to the frame that is
// due now (frames are dropped, never queued), so playback keeps real time and stops at the
// last frame. Each decoded frame is handed out with its image, so the window moves its current
// frame and overlays together with the picture. GUI thread only.
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QTimer>

namespace masklet::ui {

class SessionController;

class PlaybackController : public QObject {
  Q_OBJECT

 public:
  explicit PlaybackController(SessionController* controller, QObject* parent = nullptr);

  // The open video (fps <= 0: 25 frames/s). Stops playback.
  void setVideo(int frameCount, double fps);
  double fps() const { return m_fps; }
  bool isPlaying() const { return m_playing; }
  // Frames skipped because decoding fell behind, since play().
  int droppedFrames() const { return m_dropped; }

  // Plays from `currentFrame` on (from the first frame when it is the last one).
  void play(int currentFrame);
  void stop();
  void toggle(int currentFrame);

 Q_SIGNALS:
  // Show `frame` now; its image is decoded already.
  void frameReady(int frame, const QImage& image);
  void playingChanged(bool playing);

 private:
  void onControllerFrameLoaded(int frame, const QImage& image);
  void requestDueFrame();
  void scheduleNext();
  // The frame the clock says should be on screen now.
  int dueFrame() const;

  SessionController* m_controller;
  QTimer m_tick;      // fires when the next frame is due
  QTimer m_watchdog;  // a frame that never arrives (undecodable) is skipped
  QElapsedTimer m_clock;
  int m_frameCount = 0;
  double m_fps = 25.0;
  int m_startFrame = 0;
  int m_shown = 0;
  int m_requested = -1;  // the frame asked for and not yet delivered
  int m_dropped = 0;
  bool m_playing = false;
};

}  // namespace masklet::ui
