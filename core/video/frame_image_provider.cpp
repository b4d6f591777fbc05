#include "video/frame_image_provider.h"

#include <memory>
#include <opencv2/imgproc.hpp>

#include "video/open_frame_source.h"

namespace masklet::video {

std::function<cv::Mat(int)> openFrameImageProvider(const std::string& path) {
  std::shared_ptr<FrameSource> source = openFrameSource(path);
  return [source](int index) {
    const Frame frame = source->frame(index);
    cv::Mat bgr;
    if (!frame.rgb.empty()) cv::cvtColor(frame.rgb, bgr, cv::COLOR_RGB2BGR);
    return bgr;
  };
}

}  // namespace masklet::video
