#include "dataset/png_masks_reader.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/error.h"
#include "dataset/png_io.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

std::vector<fs::path> pngFiles(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".png")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool allDigits(const std::string& text) {
  return !text.empty() && text.size() < 10 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "00042.png" is frame 42; files without a number take their place in name order.
int frameOf(const fs::path& file, std::size_t position) {
  const std::string stem = file.stem().string();
  return allDigits(stem) ? std::stoi(stem) : static_cast<int>(position);
}

cv::Mat readMask(const fs::path& file, VideoInfo& video, bool first) {
  cv::Mat indices = readIndexedPng(file);
  if (first) {
    video.width = indices.cols;
    video.height = indices.rows;
  } else if (indices.cols != video.width || indices.rows != video.height) {
    throw Error(file.string() + ": size " + std::to_string(indices.cols) + "x" +
                std::to_string(indices.rows) + " differs from the other masks' " +
                std::to_string(video.width) + "x" + std::to_string(video.height));
  }
  return indices;
}

void addObject(VideoAnnotation& annotation, int trackId) {
  if (annotation.findObject(trackId) != nullptr) return;
  AnnotatedObject object;
  object.trackId = trackId;
  object.categoryId = defaultCategory().id;
  annotation.objects.push_back(object);
}

}  // namespace

VideoAnnotation readPngMasks(const fs::path& folderIn) {
  const fs::path folder = folderIn.filename().empty() ? folderIn.parent_path() : folderIn;
  if (!fs::is_directory(folder)) throw Error(folder.string() + ": not a folder of PNG masks");
  VideoAnnotation annotation;
  annotation.video.name = folder.filename().string();
  annotation.categories.push_back(defaultCategory());
  bool first = true;

  const std::vector<fs::path> files = pngFiles(folder);
  if (!files.empty()) {  // DAVIS: one PNG per frame, value = object id
    for (std::size_t i = 0; i < files.size(); ++i) {
      const int frame = frameOf(files[i], i);
      if (annotation.frames.count(frame) != 0)
        throw Error(files[i].string() + ": a second mask file for frame " + std::to_string(frame));
      const cv::Mat indices = readMask(files[i], annotation.video, first);
      first = false;
      auto& masks = annotation.frames[frame];
      std::set<int> values;
      for (int y = 0; y < indices.rows; ++y) {
        const std::uint8_t* row = indices.ptr<std::uint8_t>(y);
        for (int x = 0; x < indices.cols; ++x)
          if (row[x] != 0) values.insert(row[x]);
      }
      for (const int value : values) {
        addObject(annotation, value);
        masks[value].rle = encodeMask(indices == value);
      }
    }
  } else {  // per object: <id>/<frame>.png, any non-zero pixel is the object
    std::vector<fs::path> objectFolders;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_directory()) objectFolders.push_back(entry.path());
    std::sort(objectFolders.begin(), objectFolders.end());
    if (objectFolders.empty())
      throw Error(folder.string() +
                  ": no PNG masks (expected <frame>.png files or one "
                  "numbered folder per object)");
    for (const auto& objectFolder : objectFolders) {
      const std::string name = objectFolder.filename().string();
      if (!allDigits(name))
        throw Error(objectFolder.string() +
                    ": object folders must be named by their id "
                    "(e.g. 001)");
      const int trackId = std::stoi(name);
      addObject(annotation, trackId);
      const std::vector<fs::path> objectFiles = pngFiles(objectFolder);
      for (std::size_t i = 0; i < objectFiles.size(); ++i) {
        const int frame = frameOf(objectFiles[i], i);
        const cv::Mat indices = readMask(objectFiles[i], annotation.video, first);
        first = false;
        annotation.frames[frame][trackId].rle = encodeMask(indices);
      }
    }
  }
  std::sort(annotation.objects.begin(), annotation.objects.end(),
            [](const auto& a, const auto& b) { return a.trackId < b.trackId; });
  if (!annotation.frames.empty())
    annotation.video.frameCount = annotation.frames.rbegin()->first + 1;
  return annotation;
}

}  // namespace masklet::dataset
