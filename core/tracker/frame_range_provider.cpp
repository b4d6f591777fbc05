#include "tracker/frame_range_provider.h"

#include <string>

#include "common/error.h"

namespace masklet::tracker {

FrameRangeProvider::FrameRangeProvider(FrameProviderPtr frames, int64_t first, int64_t count)
    : m_frames(std::move(frames)), m_first(first), m_count(count) {
  if (!m_frames) throw Error("frame range: no frames");
  const int64_t total = m_frames->frameCount();
  if (first < 0 || count < 1 || first + count > total)
    throw Error("frames " + std::to_string(first) + "-" + std::to_string(first + count - 1) +
                " are not inside the video (frames 0-" + std::to_string(total - 1) + ")");
}

torch::Tensor FrameRangeProvider::modelInput(int64_t frame) {
  checkFrameIndex(frame, m_count);
  return m_frames->modelInput(m_first + frame);
}

}  // namespace masklet::tracker
