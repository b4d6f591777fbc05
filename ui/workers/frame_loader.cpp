#include "ui/workers/frame_loader.h"

#include <QFileInfo>

#include "project/video_fingerprint.h"
#include "video/frame_source.h"
#include "video/image_folder_source.h"
#include "video/image_size.h"
#include "video/open_frame_source.h"

namespace masklet::ui {

FrameLoader::FrameLoader(QObject* parent) : QObject(parent) {
  registerWorkerTypes();
  m_context = new QObject;
  m_context->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
  m_thread.setObjectName("masklet-frames");
  m_thread.start();
}

FrameLoader::~FrameLoader() {
  m_thread.quit();
  m_thread.wait();
}

void FrameLoader::run(std::function<void()> job) {
  QMetaObject::invokeMethod(m_context, std::move(job));
}

void FrameLoader::answer(std::function<void()> emitter) {
  QMetaObject::invokeMethod(this, std::move(emitter), Qt::QueuedConnection);
}

void FrameLoader::openMedia(const QString& path) {
  run([this, path] { openOnThread(path, false); });
}

void FrameLoader::openImages(const QString& folder) {
  run([this, folder] { openOnThread(folder, true); });
}

void FrameLoader::requestFrame(int frame) {
  m_latest.store(frame);
  run([this, frame] { loadOnThread(frame); });
}

void FrameLoader::openOnThread(const QString& path, bool images) {
  try {
    MediaInfo info;
    info.path = path;
    if (images) {
      auto source = std::make_unique<video::ImageFolderSource>(path.toStdString(), 30.0,
                                                               video::FolderSizes::PerImage);
      for (const auto& file : source->files()) {
        const auto [width, height] = video::readImageSize(file);
        info.images.push_back(
            {QFileInfo(QString::fromStdString(file)).fileName().toStdString(), width, height});
      }
      info.description =
          tr("%n images (image mode: each image on its own)", "", int(info.images.size()));
      m_source = std::move(source);
    } else {
      m_source = video::openFrameSource(path.toStdString());
      info.description = QString::fromStdString(m_source->describe());
      info.fps = m_source->fps();
    }
    info.width = m_source->width();
    info.height = m_source->height();
    info.frameCount = int(m_source->frameCount());
    info.fingerprint = QString::fromStdString(project::videoFingerprint(path.toStdString()));
    answer([this, info] { Q_EMIT mediaOpened(info); });
  } catch (const std::exception& error) {
    m_source.reset();
    const QString text = tr("Cannot open \"%1\": %2").arg(QFileInfo(path).fileName(), error.what());
    answer([this, text] { Q_EMIT failed(text); });
  }
}

void FrameLoader::loadOnThread(int frame) {
  if (!m_source) return;
  if (frame != m_latest.load()) return;  // superseded while queued: the user kept scrubbing
  try {
    const video::Frame decoded = m_source->frame(frame);
    const cv::Mat& rgb = decoded.rgb;
    QImage image(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888);
    // copy: the Mat's pixels die with `decoded`
    answer([this, frame, image = image.copy()] { Q_EMIT frameLoaded(frame, image); });
  } catch (const std::exception& error) {
    const QString text = tr("Frame %1 could not be decoded: %2").arg(frame).arg(error.what());
    answer([this, text] { Q_EMIT failed(text); });
  }
}

}  // namespace masklet::ui
