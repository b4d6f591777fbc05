#pragma once
// Frames of a video as the BGR images the dataset writers save beside an export (a
// dataset::FrameImageProvider; the dataset layer does not depend on the video layer).
// Thread-safety: the returned function owns its own FrameSource and is used by one thread.
#include <functional>
#include <string>

#include <opencv2/core/mat.hpp>

namespace masklet::video {

// Opens `path` (video file or image folder) now, so a missing file fails before any writing;
// throws masklet::Error naming it. Each call decodes one frame (frame-exact seek).
std::function<cv::Mat(int)> openFrameImageProvider(const std::string& path);

}  // namespace masklet::video
