#pragma once
// The pixel size of an image file without decoding it where the header says it (PNG IHDR,
// JPEG SOFn), else by decoding it with OpenCV. The size is the stored one (EXIF orientation
// not applied), what ImageFolderSource decodes. Opening a folder of large photos in image mode
// then reads a few bytes per file instead of every pixel.
#include <string>
#include <utility>

namespace masklet::video {

// (width, height). Throws masklet::Error naming the file when it is not a readable image.
std::pair<int, int> readImageSize(const std::string& path);

}  // namespace masklet::video
