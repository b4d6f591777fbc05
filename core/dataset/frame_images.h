#pragma once
// Frame images written beside an export (COCO, SA-1B). Frames arrive through a callback so the
// dataset layer does not depend on the video layer: the caller decodes, dataset writes.
#include <filesystem>
#include <functional>
#include <string>

#include <opencv2/core/mat.hpp>

namespace masklet::dataset {

// Returns the 8-bit BGR (or gray) image of a video frame; may throw masklet::Error.
using FrameImageProvider = std::function<cv::Mat(int frameIndex)>;

struct FrameImageOptions {
  FrameImageProvider provider;    // empty: write no images
  std::string extension = "jpg";  // "jpg" or "png"
  int jpegQuality = 95;
};

// "00042": the frame number as DAVIS / SA-V name their files.
std::string frameFileStem(int frameIndex);
// Throws masklet::Error naming the frame and file when the image is empty or cannot be written.
void writeFrameImage(const FrameImageOptions& options, int frameIndex,
                     const std::filesystem::path& path);
// Throws masklet::Error unless the extension is jpg, jpeg or png.
void checkFrameImageExtension(const std::string& extension);

}  // namespace masklet::dataset
