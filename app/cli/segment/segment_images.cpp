#include "cli/segment/segment_images.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/error.h"
#include "video/image_folder_source.h"

namespace masklet::cli {
namespace {

namespace fs = std::filesystem;

bool isImageFile(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  static const std::set<std::string> known{".jpg", ".jpeg", ".png", ".bmp",
                                           ".tif", ".tiff", ".webp"};
  return known.count(ext) != 0;
}

}  // namespace

std::vector<fs::path> listSegmentImages(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    if (fs::is_directory(input)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(input))
        if (entry.is_regular_file() && isImageFile(entry.path())) found.push_back(entry.path());
      std::sort(found.begin(), found.end(), video::naturalLess);
      if (found.empty())
        throw Error(input + ": no images (jpg, png, bmp, tif, webp) in the folder");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(input)) {
      files.emplace_back(input);
    } else {
      throw Error(input + ": no such image file or folder");
    }
  }
  return files;
}

}  // namespace masklet::cli
