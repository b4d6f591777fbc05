// FfmpegSource's frame hash, identical to `ffmpeg -f framemd5`: checks decoding against the
// ffmpeg tool without any colour conversion in between.
extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
}

#include <memory>
#include <vector>

#include "common/error.h"
#include "video/ffmpeg_source.h"

namespace masklet::video {
namespace {

struct Md5Deleter {
  void operator()(AVMD5* md5) const { av_free(md5); }
};

}  // namespace

std::string FfmpegSource::nativeFrameMd5(int64_t index) {
  const AVFrame& decoded = decodedFrame(index);
  FramePtr oriented;
  const AVFrame* picture = &decoded;
  const auto format = static_cast<AVPixelFormat>(decoded.format);
  if (!m_orientation.isIdentity()) {
    if (!canOrientNative(format, m_orientation))
      throw Error("frame hash of '" + m_path + "': its " + m_orientation.describe() +
                  " display orientation cannot be applied to pixel format " +
                  (av_get_pix_fmt_name(format) ? av_get_pix_fmt_name(format) : "unknown") +
                  " without converting it");
    oriented = orientFrame(decoded, m_orientation);
    picture = oriented.get();
  }
  const int size = av_image_get_buffer_size(format, picture->width, picture->height, 1);
  if (size < 0) throw Error("cannot hash frame " + std::to_string(index) + " of '" + m_path + "'");
  std::vector<uint8_t> packed(static_cast<size_t>(size));
  av_image_copy_to_buffer(packed.data(), size, picture->data, picture->linesize, format,
                          picture->width, picture->height, 1);
  std::unique_ptr<AVMD5, Md5Deleter> md5(av_md5_alloc());
  if (!md5) throw Error("out of memory hashing a frame");
  uint8_t digest[16];
  av_md5_init(md5.get());
  av_md5_update(md5.get(), packed.data(), size);
  av_md5_final(md5.get(), digest);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (uint8_t byte : digest) {
    text += hex[byte >> 4];
    text += hex[byte & 15];
  }
  return text;
}

}  // namespace masklet::video
