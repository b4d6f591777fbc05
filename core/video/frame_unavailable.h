#pragma once
// The error for a frame a source knows about but cannot produce: the file is damaged there (no
// picture comes out of the decoder however it is approached) or reading it timed out. Callers
// that go frame by frame (tracking, export) catch it to stop or skip with its one-line message.
#include <cstdint>
#include <string>

#include "common/error.h"

namespace masklet::video {

class FrameUnavailable : public Error {
 public:
  FrameUnavailable(int64_t frameIndex, const std::string& message)
      : Error(message), m_frameIndex(frameIndex) {}
  int64_t frameIndex() const { return m_frameIndex; }

 private:
  int64_t m_frameIndex;
};

}  // namespace masklet::video
