#include "dataset/frame_images.h"

#include <cstdio>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"

namespace masklet::dataset {

std::string frameFileStem(int frameIndex) {
  char text[32];
  std::snprintf(text, sizeof text, "%05d", frameIndex);
  return text;
}

void checkFrameImageExtension(const std::string& extension) {
  if (extension != "jpg" && extension != "jpeg" && extension != "png")
    throw Error("frame images: unsupported image type '" + extension + "' (use jpg or png)");
}

void writeFrameImage(const FrameImageOptions& options, int frameIndex,
                     const std::filesystem::path& path) {
  const cv::Mat image = options.provider(frameIndex);
  if (image.empty()) throw Error("frame images: no image for frame " + std::to_string(frameIndex));
  std::vector<int> parameters;
  if (options.extension != "png") parameters = {cv::IMWRITE_JPEG_QUALITY, options.jpegQuality};
  bool written = false;
  try {
    written = cv::imwrite(path.string(), image, parameters);
  } catch (const cv::Exception& error) {
    throw Error("frame images: cannot write " + path.string() + ": " + error.what());
  }
  if (!written) throw Error("frame images: cannot write " + path.string());
}

}  // namespace masklet::dataset
