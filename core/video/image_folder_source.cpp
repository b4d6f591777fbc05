#include "video/image_folder_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "common/error.h"

namespace masklet::video {
namespace {

bool isSupportedImage(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp" || ext == ".tif" ||
         ext == ".tiff" || ext == ".webp";
}

}  // namespace

bool naturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool digitA = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool digitB = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (digitA && digitB) {
      size_t endA = i, endB = j;
      while (endA < a.size() && std::isdigit(static_cast<unsigned char>(a[endA]))) ++endA;
      while (endB < b.size() && std::isdigit(static_cast<unsigned char>(b[endB]))) ++endB;
      // Compare the numbers without leading zeros: longer is larger, else digit by digit.
      size_t startA = i, startB = j;
      while (startA + 1 < endA && a[startA] == '0') ++startA;
      while (startB + 1 < endB && b[startB] == '0') ++startB;
      const size_t lengthA = endA - startA, lengthB = endB - startB;
      if (lengthA != lengthB) return lengthA < lengthB;
      const int order = a.compare(startA, lengthA, b, startB, lengthB);
      if (order != 0) return order < 0;
      i = endA;
      j = endB;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
  return a < b;  // equal up to leading zeros: any fixed order
}

ImageFolderSource::ImageFolderSource(const std::string& folder, double fps, FolderSizes sizes)
    : m_folder(folder), m_fps(fps > 0.0 ? fps : 30.0), m_sizes(sizes) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    throw Error("image folder '" + folder + "' does not exist or is not a folder");
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec) && isSupportedImage(entry.path()))
      names.push_back(entry.path().filename().string());
  }
  if (ec) throw Error("cannot list image folder '" + folder + "': " + ec.message());
  if (names.empty())
    throw Error("image folder '" + folder +
                "' contains no images (.jpg, .jpeg, .png, .bmp, .tif, .tiff, .webp)");
  std::sort(names.begin(), names.end(), naturalLess);
  for (const auto& name : names) m_files.push_back((std::filesystem::path(folder) / name).string());
  const cv::Mat first = readRgb(0);
  m_width = first.cols;
  m_height = first.rows;
}

cv::Mat ImageFolderSource::readRgb(int64_t index) const {
  const std::string& file = m_files[index];
  // Pillow ignores EXIF orientation; so does the official loader, so do we.
  const cv::Mat bgr = cv::imread(file, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  if (bgr.empty())
    throw Error("cannot read image '" + file + "' (frame " + std::to_string(index) +
                "): not a readable JPEG/PNG/BMP/TIFF/WebP file");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

Frame ImageFolderSource::frame(int64_t index) {
  if (index < 0 || index >= frameCount())
    throw Error("frame " + std::to_string(index) + " is out of range: folder '" + m_folder +
                "' has " + std::to_string(frameCount()) + " images");
  Frame result;
  result.index = index;
  result.timeSeconds = timeOfFrame(index);
  result.rgb = readRgb(index);
  if (m_sizes == FolderSizes::Uniform &&
      (result.rgb.cols != m_width || result.rgb.rows != m_height))
    throw Error("image '" + m_files[index] + "' is " + std::to_string(result.rgb.cols) + "x" +
                std::to_string(result.rgb.rows) + " but the folder's first image is " +
                std::to_string(m_width) + "x" + std::to_string(m_height) +
                ": all frames must have the same size");
  return result;
}

double ImageFolderSource::timeOfFrame(int64_t index) const {
  return static_cast<double>(index) / m_fps;
}

int64_t ImageFolderSource::frameAtTime(double seconds) const {
  const auto index = static_cast<int64_t>(std::floor(seconds * m_fps + 1e-9));
  return std::clamp<int64_t>(index, 0, frameCount() - 1);
}

std::string ImageFolderSource::describe() const {
  std::ostringstream text;
  text << "image folder '" << m_folder << "': " << m_width << "x" << m_height << ", "
       << frameCount() << " images, " << m_fps << " fps";
  return text.str();
}

}  // namespace masklet::video
