#pragma once
// A stretch of another provider's frames as a video of its own: session frame i is frame
// first + i of the underlying video. `masklet-cli track --frames A-B` tracks only those frames;
// the session then runs exactly as on a video cut to them (the tracker uses frame distances
// only), and callers add `first` back to the frame indices it returns.
// Thread-safety: as the wrapped provider.
#include "tracker/frame_provider.h"

namespace masklet::tracker {

class FrameRangeProvider : public FrameProvider {
 public:
  // Throws masklet::Error unless 0 <= first and first + count <= the provider's frames, count >= 1.
  FrameRangeProvider(FrameProviderPtr frames, int64_t first, int64_t count);

  int64_t frameCount() const override { return m_count; }
  int width() const override { return m_frames->width(); }
  int height() const override { return m_frames->height(); }
  torch::Tensor modelInput(int64_t frame) override;

  int64_t first() const { return m_first; }

 private:
  FrameProviderPtr m_frames;
  int64_t m_first;
  int64_t m_count;
};

}  // namespace masklet::tracker
