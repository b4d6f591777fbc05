#include "dataset/sa1b_training_reader.h"

#include "common/error.h"
#include "dataset/sa1b_reader.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

bool hasJson(const fs::path& folder) {
  if (!fs::is_directory(folder)) return false;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".json") return true;
  return false;
}

}  // namespace

bool isSa1bTrainingLayout(const fs::path& folder) {
  return hasJson(folder / "train") || hasJson(folder / "valid") || hasJson(folder / "test");
}

VideoAnnotation readSa1bTraining(const fs::path& folder) {
  VideoAnnotation annotation;
  bool first = true;
  for (const char* split : {"train", "valid", "test"}) {
    if (!hasJson(folder / split)) continue;
    VideoAnnotation part = readSa1b(folder / split);
    if (first) {
      annotation.video = part.video;
      annotation.categories = part.categories;
      first = false;
    } else if (part.video.width != annotation.video.width ||
               part.video.height != annotation.video.height) {
      throw Error((folder / split).string() + ": image size differs from the other splits'");
    }
    for (auto& [frame, masks] : part.frames)
      if (!annotation.frames.emplace(frame, std::move(masks)).second)
        throw Error((folder / split).string() + ": frame " + std::to_string(frame) +
                    " is also in another split");
    for (const auto& object : part.objects)
      if (annotation.findObject(object.trackId) == nullptr) annotation.objects.push_back(object);
  }
  if (first) throw Error(folder.string() + ": no .json files in train/, valid/ or test/");
  if (!annotation.frames.empty())
    annotation.video.frameCount =
        std::max(annotation.video.frameCount, annotation.frames.rbegin()->first + 1);
  return annotation;
}

}  // namespace masklet::dataset
