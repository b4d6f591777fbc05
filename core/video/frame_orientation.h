#pragma once
// Display orientation from a stream's display matrix, applied the way the ffmpeg command line
// applies it by default (autorotate: transpose / hflip / vflip filters), so both the RGB frames
// and the native-format hashes match what `ffmpeg -i VIDEO` produces. Rotations that are not a
// multiple of 90 degrees are not applied (ffmpeg would rotate with black corners).
#include <cstddef>
#include <cstdint>
#include <string>

#include "video/libav_ptr.h"

namespace masklet::video {

struct Orientation {
  // Same numbering as ffmpeg's transpose filter `dir`: 0 cclock_flip (plain transpose),
  // 1 clock, 2 cclock, 3 clock_flip; -1 means no transpose.
  int transposeDir = -1;
  bool hflip = false;
  bool vflip = false;
  int clockwiseDegrees = 0;  // the display rotation, for describe()

  bool isIdentity() const { return transposeDir < 0 && !hflip && !vflip; }
  bool swapsAxes() const { return transposeDir >= 0; }
  std::string describe() const;
};

// Orientation for a stream's display matrix (nullptr: identity).
Orientation orientationFromDisplayMatrix(const int32_t* matrix);

// Orients one plane of w×h pixels of pixelBytes bytes each from src into dst (dst has h×w
// pixels when the orientation swaps axes).
void orientPlane(const uint8_t* src, ptrdiff_t srcLinesize, int width, int height, int pixelBytes,
                 const Orientation& orientation, uint8_t* dst, ptrdiff_t dstLinesize);

// Whether ffmpeg's filters would orient this pixel format in place (same format out): planar or
// byte-packed formats; transposing additionally needs equal chroma subsampling on both axes.
bool canOrientNative(AVPixelFormat format, const Orientation& orientation);

// A new frame holding `in` oriented, same pixel format. Requires canOrientNative().
FramePtr orientFrame(const AVFrame& in, const Orientation& orientation);

}  // namespace masklet::video
