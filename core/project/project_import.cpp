#include "project/project_import.h"

#include <algorithm>

#include "common/error.h"

namespace masklet::project {
namespace {

int categoryFor(AnnotationProject& project, const dataset::VideoAnnotation& imported,
                int importedCategory) {
  const dataset::Category* source = imported.findCategory(importedCategory);
  const dataset::Category wanted = source != nullptr ? *source : dataset::defaultCategory();
  auto& categories = project.annotation.categories;
  for (const auto& category : categories)
    if (category.name == wanted.name) return category.id;
  int id = 1;
  for (const auto& category : categories) id = std::max(id, category.id + 1);
  categories.push_back({id, wanted.name, wanted.supercategory});
  return id;
}

}  // namespace

std::map<int, int> importAnnotation(AnnotationProject& project,
                                    const dataset::VideoAnnotation& imported) {
  const auto& video = project.annotation.video;
  for (const auto& [frame, masks] : imported.frames) {
    for (const auto& [trackId, mask] : masks) {
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error("the imported mask of object " + std::to_string(trackId) + " on frame " +
                    std::to_string(frame) + " is " + std::to_string(mask.rle.width) + "x" +
                    std::to_string(mask.rle.height) + ", the video is " +
                    std::to_string(video.width) + "x" + std::to_string(video.height));
      if (video.frameCount > 0 && frame >= video.frameCount)
        throw Error("the imported annotation has frame " + std::to_string(frame) +
                    ", the video only " + std::to_string(video.frameCount) + " frames");
    }
  }
  std::map<int, int> newIds;
  for (const auto& object : imported.objects) {
    const int category = categoryFor(project, imported, object.categoryId);
    newIds[object.trackId] = project.addObject(object.name, category);
  }
  for (const auto& [frame, masks] : imported.frames) {
    for (const auto& [trackId, mask] : masks) {
      auto found = newIds.find(trackId);
      if (found == newIds.end()) {  // a mask of an object the file does not list
        found = newIds.emplace(trackId, project.addObject()).first;
      }
      project.setMask(frame, found->second, mask);
    }
  }
  return newIds;
}

}  // namespace masklet::project
