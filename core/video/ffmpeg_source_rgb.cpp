// FfmpegSource's pictures as RGB frames: the ffmpeg tool's rgb24 conversion and the display
// orientation applied the way its filter chain does.
extern "C" {
#include <libavutil/imgutils.h>
}

#include <algorithm>

#include "common/error.h"
#include "video/ffmpeg_source.h"

namespace masklet::video {

Frame FfmpegSource::frame(int64_t index) {
  return makeFrame(decodedFrame(index), index);
}

Frame FfmpegSource::makeFrame(const AVFrame& decoded, int64_t index) {
  Frame result;
  result.index = index;
  result.timeSeconds = timeOfFrame(index);
  if (m_orientation.isIdentity()) {
    result.rgb = toRgb(decoded);
  } else if (canOrientNative(static_cast<AVPixelFormat>(decoded.format), m_orientation)) {
    // Orient before converting, like ffmpeg's filter chain, so the chroma is upsampled along
    // the same axes and the RGB is identical.
    result.rgb = toRgb(*orientFrame(decoded, m_orientation));
  } else {
    const cv::Mat upright = toRgb(decoded);
    const bool swap = m_orientation.swapsAxes();
    result.rgb.create(swap ? upright.cols : upright.rows, swap ? upright.rows : upright.cols,
                      CV_8UC3);
    orientPlane(upright.data, upright.step, upright.cols, upright.rows, 3, m_orientation,
                result.rgb.data, result.rgb.step);
  }
  return result;
}

cv::Mat FfmpegSource::toRgb(const AVFrame& picture) {
  const auto format = static_cast<AVPixelFormat>(picture.format);
  const int key[5] = {picture.width, picture.height, picture.format, picture.color_range,
                      picture.colorspace};
  if (!m_sws || !std::equal(key, key + 5, m_swsKey)) {
    // The ffmpeg tool's `-pix_fmt rgb24` conversion (bicubic; the frame's own YCbCr matrix and
    // range, BT.601 when unspecified), the way the official SAM 2 frames were extracted.
    m_sws.reset(sws_getContext(picture.width, picture.height, format, picture.width, picture.height,
                               AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!m_sws)
      throw Error("cannot convert pixel format " + pixelFormatName() + " of '" + m_path +
                  "' to RGB");
    int* inverse = nullptr;
    int* table = nullptr;
    int srcRange = 0, dstRange = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(m_sws.get(), &inverse, &srcRange, &table, &dstRange, &brightness,
                                 &contrast, &saturation) >= 0) {
      if (picture.color_range != AVCOL_RANGE_UNSPECIFIED)
        srcRange = picture.color_range == AVCOL_RANGE_JPEG ? 1 : 0;
      sws_setColorspaceDetails(m_sws.get(), sws_getCoefficients(picture.colorspace), srcRange,
                               table, dstRange, brightness, contrast, saturation);
    }
    std::copy(key, key + 5, m_swsKey);
  }
  // A 64-byte aligned stride and a spare row keep swscale on its fast, in-bounds path.
  const int stride = FFALIGN(picture.width * 3, 64);
  cv::Mat buffer(picture.height + 1, stride, CV_8UC1);
  uint8_t* dst[4] = {buffer.data, nullptr, nullptr, nullptr};
  int dstStride[4] = {stride, 0, 0, 0};
  sws_scale(m_sws.get(), picture.data, picture.linesize, 0, picture.height, dst, dstStride);
  cv::Mat view(picture.height, picture.width, CV_8UC3, buffer.data, stride);
  return stride == picture.width * 3 ? cv::Mat(buffer.rowRange(0, picture.height))
                                           .reshape(3, picture.height)
                                           .colRange(0, picture.width)
                                     : view.clone();
}

}  // namespace masklet::video
