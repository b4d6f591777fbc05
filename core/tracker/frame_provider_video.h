#pragma once
// FrameProvider over a decoded video (core/video FrameSource): each requested frame is
// decoded and preprocessed exactly like the official loader (video::makeModelInput), so a
// session on a video file or image folder never keeps the video's frames in memory.
// Thread-safety: as the FrameSource, one thread at a time.
#include <memory>

#include "tracker/frame_provider.h"
#include "video/frame_source.h"

namespace masklet::tracker {

class VideoFrameProvider : public FrameProvider {
 public:
  // imageSize: the model's input size (ModelConfig::image_size). Throws masklet::Error when
  // the source is missing or empty or imageSize is not positive.
  VideoFrameProvider(std::shared_ptr<video::FrameSource> source, int imageSize);

  int64_t frameCount() const override { return m_source->frameCount(); }
  int width() const override { return m_source->width(); }
  int height() const override { return m_source->height(); }
  torch::Tensor modelInput(int64_t frame) override;

 private:
  std::shared_ptr<video::FrameSource> m_source;
  int m_imageSize;
};

}  // namespace masklet::tracker
