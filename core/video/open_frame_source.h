#pragma once
// Opens what the user picked: a folder becomes an ImageFolderSource, anything else is decoded
// as a video file with FfmpegSource.
#include <string>

#include "video/frame_source.h"

namespace masklet::video {

// Throws masklet::Error naming the path when it is missing or not a readable video / folder.
FrameSourcePtr openFrameSource(const std::string& path);

}  // namespace masklet::video
