#include "video/open_frame_source.h"

#include <filesystem>

#include "common/error.h"
#include "video/ffmpeg_source.h"
#include "video/image_folder_source.h"

namespace masklet::video {

FrameSourcePtr openFrameSource(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw Error("'" + path + "' does not exist (expected a video file or a folder of images)");
  if (std::filesystem::is_directory(path, ec)) return std::make_unique<ImageFolderSource>(path);
  return std::make_unique<FfmpegSource>(path);
}

}  // namespace masklet::video
