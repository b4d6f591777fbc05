#include "dataset/training_export.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "dataset/json_util.h"

namespace masklet::dataset {

std::string safeVideoName(const VideoAnnotation& annotation) {
  std::string name = annotation.video.name;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return name.empty() || name == "." || name == ".." ? "video" : name;
}

std::string trainingStem(const VideoAnnotation& annotation, int frame) {
  return safeVideoName(annotation) + "_" + frameFileStem(frame);
}

void checkMasksFitVideo(const VideoAnnotation& annotation, const std::string& format) {
  const VideoInfo& video = annotation.video;
  if (video.width <= 0 || video.height <= 0)
    throw Error(format + " export: the video size is unknown");
  for (const auto& [frame, masks] : annotation.frames)
    for (const auto& [trackId, mask] : masks) {
      const std::string place =
          format + " export: frame " + std::to_string(frame) + ", track " + std::to_string(trackId);
      if (annotation.findObject(trackId) == nullptr)
        throw Error(place + ": the mask belongs to no object");
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error(place + ": mask size [" + std::to_string(mask.rle.height) + ", " +
                    std::to_string(mask.rle.width) + "] differs from the video's [" +
                    std::to_string(video.height) + ", " + std::to_string(video.width) + "]");
    }
}

std::vector<Category> sortedCategories(const VideoAnnotation& annotation) {
  std::vector<Category> categories = annotation.categories;
  if (categories.empty()) categories.push_back(defaultCategory());
  std::sort(categories.begin(), categories.end(),
            [](const Category& a, const Category& b) { return a.id < b.id; });
  return categories;
}

std::string splitsVideoName(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / "splits.json";
  if (!std::filesystem::exists(path)) return {};
  const Json root = readJsonFile(path);
  return root.is_object() && root.contains("video") && root["video"].is_string()
             ? root["video"].get<std::string>()
             : std::string();
}

std::string splitSummary(const std::array<SplitCount, 3>& counts) {
  std::string summary;
  for (const Split split : kSplits) {
    const SplitCount& count = counts[static_cast<int>(split)];
    summary += std::string(split == Split::Train ? "" : ", ") + splitName(split) + " " +
               std::to_string(count.images) + " images / " + std::to_string(count.instances) +
               " instances";
  }
  return summary;
}

std::string sequenceName(const VideoAnnotation& annotation, const FrameChunk& chunk, bool split) {
  const std::string video = safeVideoName(annotation);
  return split && !chunk.frames.empty() ? video + "_" + frameFileStem(chunk.frames.front()) : video;
}

}  // namespace masklet::dataset
