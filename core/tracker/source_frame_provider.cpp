#include "tracker/source_frame_provider.h"

#include "common/error.h"
#include "video/model_input.h"

namespace masklet::tracker {

SourceFrameProvider::SourceFrameProvider(video::FrameSourcePtr source, int64_t imageSize)
    : m_source(std::move(source)), m_imageSize(imageSize) {
  if (!m_source) throw Error("no video is open");
  if (m_source->frameCount() <= 0) throw Error("the video has no decodable frames");
  if (imageSize <= 0) throw Error("the model's image size must be positive");
}

torch::Tensor SourceFrameProvider::modelInput(int64_t frame) {
  checkFrameIndex(frame, frameCount());
  video::ModelInputOptions options;
  options.imageSize = int(m_imageSize);
  std::vector<float> chw = video::makeModelInput(m_source->frame(frame).rgb, options);
  return torch::from_blob(chw.data(), {3, m_imageSize, m_imageSize}, torch::kFloat32).clone();
}

}  // namespace masklet::tracker
