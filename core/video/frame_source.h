#pragma once
// Where every pixel the model and the user see comes from: a video file or an image folder,
// addressed by exact frame index (0-based, presentation order).
// Thread-safety: a FrameSource is used by one thread at a time (it owns decoder state);
// CachedFrameSource wraps one for concurrent readers with prefetch.
#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "video/frame_unavailable.h"

namespace masklet::video {

// One decoded frame: 8-bit RGB (CV_8UC3, channel order R,G,B), display orientation applied.
struct Frame {
  int64_t index = -1;
  double timeSeconds = 0.0;  // presentation time relative to the first frame
  cv::Mat rgb;
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;

  // Exact number of frames that frame() can return.
  virtual int64_t frameCount() const = 0;
  // Display size (after rotation metadata).
  virtual int width() const = 0;
  virtual int height() const = 0;
  // Nominal frame rate (average for variable frame rate; folders report a fixed rate).
  virtual double fps() const = 0;

  // Frame `index` in [0, frameCount()); throws masklet::Error when the index is out of range and
  // FrameUnavailable (a masklet::Error) when that frame cannot be produced (damaged file, read
  // timeout). The returned Mat owns its pixels (never aliases decoder buffers).
  virtual Frame frame(int64_t index) = 0;

  // Frames known so far to be damaged, ascending: decoded with errors or error concealment (the
  // picture is shown, possibly with smeared blocks) or not producible at all (frame() throws
  // FrameUnavailable). Damage is found while decoding, so the list grows as frames are read.
  virtual std::vector<int> damagedFrames() const { return {}; }

  // Presentation time of frame `index` in seconds from the first frame.
  virtual double timeOfFrame(int64_t index) const = 0;
  // The frame shown at time `seconds`: the last frame starting at or before it (clamped).
  virtual int64_t frameAtTime(double seconds) const = 0;

  // One line for logs and `masklet-cli info`: kind, codec, size, fps, frame count.
  virtual std::string describe() const = 0;

  // Frames a source decodes anyway on its way to a requested one (a video seeks to a keyframe
  // and decodes forward) go to `sink`, at most `maxFrames` just before the target, so a cache can
  // keep them: reading backwards then decodes each group of pictures about once instead of once
  // per frame. An empty sink turns it off. Sources that decode nothing extra ignore it.
  using FrameSink = std::function<void(const Frame&)>;
  virtual void setPassingFrameSink(FrameSink sink, int maxFrames) {
    (void)sink;
    (void)maxFrames;
  }
};

using FrameSourcePtr = std::unique_ptr<FrameSource>;

}  // namespace masklet::video
