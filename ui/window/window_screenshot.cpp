#include "ui/window/window_screenshot.h"

#include <QApplication>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "ui/files/project_controller.h"
#include "ui/window/main_window.h"
#include "ui/workers/frame_loader.h"
#include "ui/workers/session_controller.h"
#include "ui/workers/tracker_worker.h"

namespace masklet::ui {
namespace {

void fail(const QString& line) {
  std::fprintf(stderr, "masklet: --screenshot: %s\n", line.toLocal8Bit().constData());
  std::fflush(stderr);
  QApplication::exit(1);
}

// Polls the conditions every 50 ms; each one is set by a signal, so the order they arrive in
// does not matter.
class ScreenshotTaker : public QObject {
 public:
  ScreenshotTaker(MainWindow* window, QString png, bool mediaGiven, int timeoutMs)
      : QObject(window),
        m_window(window),
        m_png(std::move(png)),
        m_mediaReady(!mediaGiven),
        m_frameShown(!mediaGiven),
        m_needsSession(mediaGiven && window->modelStatusText().isEmpty()),
        m_modelNeeded(window->modelStatusText().isEmpty()) {
    SessionController* controller = window->controller();
    connect(window->projects(), &ProjectController::mediaReady, this,
            [this] { m_mediaReady = true; });
    connect(controller->frames(), &FrameLoader::frameLoaded, this, [this](int frame) {
      if (m_mediaReady && frame == m_window->currentFrame()) m_frameShown = true;
    });
    connect(controller->tracker(), &TrackerWorker::modelLoaded, this,
            [this] { m_modelLoaded = true; });
    connect(controller->tracker(), &TrackerWorker::sessionReady, this,
            [this] { m_sessionReady = true; });
    connect(controller->tracker(), &TrackerWorker::failed, this,
            [](const QString& text) { fail(text); });
    connect(controller->frames(), &FrameLoader::failed, this,
            [](const QString& text) { fail(text); });
    connect(window->projects(), &ProjectController::failed, this,
            [](const QString& text) { fail(text); });
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotTaker::shootWhenReady);
    m_poll.start(50);
    QTimer::singleShot(timeoutMs, this, [this, timeoutMs] {
      fail(QString("the window was not ready after %1 s (waiting for %2)")
               .arg(timeoutMs / 1000)
               .arg(waitingFor()));
    });
  }

 private:
  QString waitingFor() const {
    if (!m_mediaReady) return "the media to open";
    if (!m_frameShown) return "the first frame";
    if (m_modelNeeded && !m_modelLoaded) return "the model";
    if (m_needsSession && !m_sessionReady) return "the tracker session";
    if (m_window->controller()->tracker()->isBusy()) return "the tracker to finish";
    return {};
  }

  void shootWhenReady() {
    if (!waitingFor().isEmpty() || !m_window->isVisible()) return;
    m_poll.stop();
    const QPixmap shot = m_window->grab();
    if (!shot.save(m_png, "PNG")) {
      fail(QString("could not write %1").arg(m_png));
      return;
    }
    std::fprintf(stderr, "masklet: --screenshot: wrote %s (%dx%d)\n",
                 m_png.toLocal8Bit().constData(), shot.width(), shot.height());
    QApplication::exit(0);
  }

  MainWindow* m_window;
  QString m_png;
  QTimer m_poll;
  bool m_mediaReady;
  bool m_frameShown;
  bool m_needsSession;
  bool m_modelNeeded;
  bool m_modelLoaded = false;
  bool m_sessionReady = false;
};

}  // namespace

bool takeScreenshotWhenReady(MainWindow* window, const QString& png, bool mediaGiven,
                             int timeoutMs) {
  const QFileInfo target(png);
  if (target.suffix().compare("png", Qt::CaseInsensitive) != 0) {
    std::fprintf(stderr, "masklet: --screenshot: %s is not a .png file name\n",
                 png.toLocal8Bit().constData());
    return false;
  }
  if (!QFileInfo(target.absolutePath()).isDir()) {
    std::fprintf(stderr, "masklet: --screenshot: the folder %s does not exist\n",
                 target.absolutePath().toLocal8Bit().constData());
    return false;
  }
  new ScreenshotTaker(window, target.absoluteFilePath(), mediaGiven, timeoutMs);
  return true;
}

}  // namespace masklet::ui
