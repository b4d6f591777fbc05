#pragma once
// A folder of still images as a video: JPEG, PNG, BMP, TIFF, WebP (read with OpenCV), any file
// names, in natural order (frame2 before frame10). As a video every frame must have the first
// frame's size; an unreadable or differently sized file gives an error naming it. As an image
// set (image mode: each image annotated on its own) sizes may differ and each frame comes at
// its own size. EXIF orientation is not applied, like the official SAM 2 loader (Pillow's
// Image.open).
// Thread-safety: none; one thread at a time.
#include <string>
#include <vector>

#include "video/frame_source.h"

namespace masklet::video {

enum class FolderSizes { Uniform, PerImage };

class ImageFolderSource final : public FrameSource {
 public:
  // Throws masklet::Error when `folder` is missing or holds no supported image. With PerImage,
  // width() and height() are the first image's and frame(i) has image i's size.
  explicit ImageFolderSource(const std::string& folder, double fps = 30.0,
                             FolderSizes sizes = FolderSizes::Uniform);

  int64_t frameCount() const override { return static_cast<int64_t>(m_files.size()); }
  int width() const override { return m_width; }
  int height() const override { return m_height; }
  double fps() const override { return m_fps; }
  Frame frame(int64_t index) override;
  double timeOfFrame(int64_t index) const override;
  int64_t frameAtTime(double seconds) const override;
  std::string describe() const override;

  const std::vector<std::string>& files() const { return m_files; }

 private:
  cv::Mat readRgb(int64_t index) const;

  std::string m_folder;
  std::vector<std::string> m_files;  // full paths, natural order
  int m_width = 0;
  int m_height = 0;
  double m_fps = 30.0;
  FolderSizes m_sizes = FolderSizes::Uniform;
};

// Natural order of file names: digit runs compare as numbers ("frame2" < "frame10").
bool naturalLess(const std::string& a, const std::string& b);

}  // namespace masklet::video
