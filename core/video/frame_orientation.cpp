#include "video/frame_orientation.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <cstring>

#include "common/error.h"

namespace masklet::video {

std::string Orientation::describe() const {
  if (isIdentity()) return "none";
  std::string text = "rotate " + std::to_string(clockwiseDegrees);
  if (hflip) text += " hflip";
  if (vflip) text += " vflip";
  return text;
}

Orientation orientationFromDisplayMatrix(const int32_t* matrix) {
  Orientation orientation;
  if (matrix == nullptr) return orientation;
  // ffmpeg's get_rotation(): counter-clockwise matrix angle to a clockwise display angle in
  // [0, 360).
  double theta = -std::round(av_display_rotation_get(matrix));
  theta -= 360.0 * std::floor(theta / 360.0 + 0.9 / 360.0);
  if (std::fabs(theta - 90.0) < 1.0) {
    orientation.transposeDir = matrix[3] > 0 ? 0 : 1;
    orientation.clockwiseDegrees = 90;
  } else if (std::fabs(theta - 180.0) < 1.0) {
    orientation.hflip = matrix[0] < 0;
    orientation.vflip = matrix[4] < 0;
    orientation.clockwiseDegrees = 180;
  } else if (std::fabs(theta - 270.0) < 1.0) {
    orientation.transposeDir = matrix[3] < 0 ? 3 : 2;
    orientation.clockwiseDegrees = 270;
  } else if (std::fabs(theta) < 1.0) {
    orientation.vflip = matrix[4] < 0;
  }
  return orientation;
}

void orientPlane(const uint8_t* src, ptrdiff_t srcLinesize, int width, int height, int pixelBytes,
                 const Orientation& orientation, uint8_t* dst, ptrdiff_t dstLinesize) {
  const int outWidth = orientation.swapsAxes() ? height : width;
  const int outHeight = orientation.swapsAxes() ? width : height;
  if (orientation.swapsAxes()) {
    // transpose filter: dir bit 0 reads source rows bottom-up, bit 1 writes rows bottom-up.
    const bool flipSource = (orientation.transposeDir & 1) != 0;
    const bool flipDest = (orientation.transposeDir & 2) != 0;
    for (int y = 0; y < outHeight; ++y) {
      uint8_t* dstRow = dst + (flipDest ? outHeight - 1 - y : y) * dstLinesize;
      for (int x = 0; x < outWidth; ++x) {
        const int srcRow = flipSource ? height - 1 - x : x;
        std::memcpy(dstRow + static_cast<ptrdiff_t>(x) * pixelBytes,
                    src + srcRow * srcLinesize + static_cast<ptrdiff_t>(y) * pixelBytes,
                    pixelBytes);
      }
    }
    return;
  }
  for (int y = 0; y < outHeight; ++y) {
    const uint8_t* srcRow = src + (orientation.vflip ? height - 1 - y : y) * srcLinesize;
    uint8_t* dstRow = dst + y * dstLinesize;
    if (!orientation.hflip) {
      std::memcpy(dstRow, srcRow, static_cast<size_t>(width) * pixelBytes);
      continue;
    }
    for (int x = 0; x < width; ++x)
      std::memcpy(dstRow + static_cast<ptrdiff_t>(x) * pixelBytes,
                  srcRow + static_cast<ptrdiff_t>(width - 1 - x) * pixelBytes, pixelBytes);
  }
}

bool canOrientNative(AVPixelFormat format, const Orientation& orientation) {
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
  if (desc == nullptr) return false;
  if (desc->flags & (AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_PAL))
    return false;
  // Packed subsampled formats (yuyv422, ...) keep two pixels' chroma in one group.
  const bool subsampled = desc->log2_chroma_w != 0 || desc->log2_chroma_h != 0;
  if (subsampled && desc->nb_components > 1 && desc->comp[0].plane == desc->comp[1].plane)
    return false;
  if (orientation.swapsAxes() && desc->log2_chroma_w != desc->log2_chroma_h) return false;
  return true;
}

FramePtr orientFrame(const AVFrame& in, const Orientation& orientation) {
  const auto format = static_cast<AVPixelFormat>(in.format);
  if (!canOrientNative(format, orientation))
    throw Error(std::string("cannot orient frames of pixel format ") +
                (av_get_pix_fmt_name(format) ? av_get_pix_fmt_name(format) : "unknown"));
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
  FramePtr out(av_frame_alloc());
  if (!out) throw Error("out of memory allocating a video frame");
  out->format = in.format;
  out->width = orientation.swapsAxes() ? in.height : in.width;
  out->height = orientation.swapsAxes() ? in.width : in.height;
  const int status = av_frame_get_buffer(out.get(), 0);
  if (status < 0) throw Error("cannot allocate a video frame: " + avErrorText(status));
  av_frame_copy_props(out.get(), &in);

  int pixelSteps[4] = {0};
  av_image_fill_max_pixsteps(pixelSteps, nullptr, desc);
  const int planes = av_pix_fmt_count_planes(format);
  for (int plane = 0; plane < planes; ++plane) {
    // Chroma planes (1, 2) are subsampled; luma and alpha (0, 3) are full size.
    const bool chroma = plane == 1 || plane == 2;
    const int width = chroma ? AV_CEIL_RSHIFT(in.width, desc->log2_chroma_w) : in.width;
    const int height = chroma ? AV_CEIL_RSHIFT(in.height, desc->log2_chroma_h) : in.height;
    orientPlane(in.data[plane], in.linesize[plane], width, height, pixelSteps[plane], orientation,
                out->data[plane], out->linesize[plane]);
  }
  return out;
}

}  // namespace masklet::video
