#include "tracker/frame_provider.h"

#include <sstream>
#include <string>
#include <utility>

#include "common/error.h"

namespace masklet::tracker {

void checkFrameIndex(int64_t frame, int64_t count) {
  if (frame < 0 || frame >= count)
    throw Error("frame " + std::to_string(frame) + " is outside the video (" +
                std::to_string(count) + " frames, valid indices 0.." + std::to_string(count - 1) +
                ")");
}

TensorFrameProvider::TensorFrameProvider(torch::Tensor images, int width, int height)
    : m_images(std::move(images)), m_width(width), m_height(height) {
  if (!m_images.defined() || m_images.dim() != 4 || m_images.size(0) < 1 || m_images.size(1) != 3 ||
      m_images.size(2) != m_images.size(3)) {
    std::ostringstream got;
    if (m_images.defined())
      got << m_images.sizes();
    else
      got << "nothing";
    throw Error("preprocessed frames must be a tensor [N, 3, S, S] with N >= 1, got " + got.str());
  }
  if (!m_images.is_floating_point())
    throw Error("preprocessed frames must be floating point (normalised model input)");
  if (width < 1 || height < 1)
    throw Error("video size must be positive, got " + std::to_string(width) + "x" +
                std::to_string(height));
}

torch::Tensor TensorFrameProvider::modelInput(int64_t frame) {
  checkFrameIndex(frame, frameCount());
  return m_images[frame].to(torch::kFloat32);
}

}  // namespace masklet::tracker
