#include "ui/workers/frame_loader.h"

#include <QFileInfo>

#include "project/video_fingerprint.h"
#include "video/frame_source.h"
#include "video/image_folder_source.h"
#include "video/image_size.h"
#include "video/open_frame_source.h"

namespace masklet::ui {

FrameLoader::FrameLoader() = default;
FrameLoader::~FrameLoader() = default;

void FrameLoader::openMedia(const QString& path) {
  try {
    m_source = video::openFrameSource(path.toStdString());
    MediaInfo info;
    info.path = path;
    info.description = QString::fromStdString(m_source->describe());
    info.width = m_source->width();
    info.height = m_source->height();
    info.frameCount = int(m_source->frameCount());
    info.fps = m_source->fps();
    info.fingerprint = QString::fromStdString(project::videoFingerprint(path.toStdString()));
    Q_EMIT mediaOpened(info);
  } catch (const std::exception& error) {
    m_source.reset();
    Q_EMIT failed(tr("Cannot open \"%1\": %2").arg(QFileInfo(path).fileName(), error.what()));
  }
}

void FrameLoader::openImages(const QString& folder) {
  try {
    auto source = std::make_unique<video::ImageFolderSource>(folder.toStdString(), 30.0,
                                                             video::FolderSizes::PerImage);
    MediaInfo info;
    info.path = folder;
    for (const auto& file : source->files()) {
      const auto [width, height] = video::readImageSize(file);
      info.images.push_back(
          {QFileInfo(QString::fromStdString(file)).fileName().toStdString(), width, height});
    }
    info.description =
        tr("%n images (image mode: each image on its own)", "", int(info.images.size()));
    info.width = source->width();
    info.height = source->height();
    info.frameCount = int(source->frameCount());
    info.fingerprint = QString::fromStdString(project::videoFingerprint(folder.toStdString()));
    m_source = std::move(source);
    Q_EMIT mediaOpened(info);
  } catch (const std::exception& error) {
    m_source.reset();
    Q_EMIT failed(tr("Cannot open \"%1\": %2").arg(QFileInfo(folder).fileName(), error.what()));
  }
}

void FrameLoader::loadFrame(int frame) {
  if (!m_source) return;
  if (frame != m_latest.load()) return;  // superseded while queued: the user kept scrubbing
  try {
    const video::Frame decoded = m_source->frame(frame);
    const cv::Mat& rgb = decoded.rgb;
    QImage image(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888);
    Q_EMIT frameLoaded(frame, image.copy());  // copy: the Mat's pixels die with `decoded`
  } catch (const std::exception& error) {
    Q_EMIT failed(tr("Frame %1 could not be decoded: %2").arg(frame).arg(error.what()));
  }
}

}  // namespace masklet::ui
