#pragma once
// A FrameProvider over a decoded video or image folder (video::FrameSource): each frame the
// session asks for is decoded and preprocessed exactly as the official loader does (Pillow
// bicubic to S×S, ImageNet normalisation). Nothing is kept: the session's feature cache
// decides what stays in memory.
// Thread-safety: the session's thread only (it owns the FrameSource).
#include "tracker/frame_provider.h"
#include "video/frame_source.h"

namespace masklet::tracker {

class SourceFrameProvider : public FrameProvider {
 public:
  // Throws masklet::Error when the source is missing or empty or imageSize is not positive.
  SourceFrameProvider(video::FrameSourcePtr source, int64_t imageSize);

  int64_t frameCount() const override { return m_source->frameCount(); }
  int width() const override { return m_source->width(); }
  int height() const override { return m_source->height(); }
  torch::Tensor modelInput(int64_t frame) override;

 private:
  video::FrameSourcePtr m_source;
  int64_t m_imageSize;
};

}  // namespace masklet::tracker
