#include "dataset/frame_images.h"

#include <cstdio>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "dataset/atomic_output.h"

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
  // Encoded in memory and written like every other output file (atomically, one line on a full
  // disk or a read-only folder, and under the write-failure test hook).
  std::vector<uchar> bytes;
  bool encoded = false;
  try {
    encoded = cv::imencode("." + options.extension, image, bytes, parameters);
  } catch (const cv::Exception& error) {
    throw Error("frame images: cannot encode frame " + std::to_string(frameIndex) + ": " +
                error.err);
  }
  if (!encoded) throw Error("frame images: cannot encode frame " + std::to_string(frameIndex));
  writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace masklet::dataset
