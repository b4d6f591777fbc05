#include "tracker/frame_provider_video.h"

#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "video/model_input.h"

namespace masklet::tracker {

VideoFrameProvider::VideoFrameProvider(std::shared_ptr<video::FrameSource> source, int imageSize)
    : m_source(std::move(source)), m_imageSize(imageSize) {
  if (!m_source) throw Error("VideoFrameProvider: no video opened");
  if (m_source->frameCount() < 1) throw Error("the video has no frames: " + m_source->describe());
  if (imageSize < 1)
    throw Error("VideoFrameProvider: the model input size must be positive, got " +
                std::to_string(imageSize));
}

torch::Tensor VideoFrameProvider::modelInput(int64_t frame) {
  checkFrameIndex(frame, m_source->frameCount());
  video::ModelInputOptions options;
  options.imageSize = m_imageSize;
  std::vector<float> chw = video::makeModelInput(m_source->frame(frame).rgb, options);
  return torch::from_blob(chw.data(), {3, m_imageSize, m_imageSize},
                          torch::TensorOptions().dtype(torch::kFloat32))
      .clone();
}

}  // namespace masklet::tracker
