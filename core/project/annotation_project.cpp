#include "project/annotation_project.h"

#include <algorithm>

#include "common/error.h"

namespace masklet::project {

int AnnotationProject::addObject(const std::string& name, int categoryId) {
  if (annotation.findCategory(categoryId) == nullptr) {
    if (categoryId != 1) throw Error("unknown category " + std::to_string(categoryId));
    annotation.categories.push_back(dataset::defaultCategory());
  }
  int id = 1;
  for (const auto& object : annotation.objects) id = std::max(id, object.trackId + 1);
  dataset::AnnotatedObject object;
  object.trackId = id;
  object.name = name.empty() ? "object " + std::to_string(id) : name;
  object.categoryId = categoryId;
  annotation.objects.push_back(object);
  return id;
}

void AnnotationProject::removeObject(int objectId) {
  auto& objects = annotation.objects;
  objects.erase(std::remove_if(objects.begin(), objects.end(),
                               [&](const auto& o) { return o.trackId == objectId; }),
                objects.end());
  for (auto& [frame, masks] : annotation.frames) masks.erase(objectId);
  for (auto& [frame, byObject] : prompts) byObject.erase(objectId);
}

void AnnotationProject::renameObject(int objectId, const std::string& name) {
  for (auto& object : annotation.objects) {
    if (object.trackId == objectId) {
      object.name = name;
      return;
    }
  }
  throw Error("no object with id " + std::to_string(objectId));
}

void AnnotationProject::setMask(int frame, int objectId, dataset::MaskAnnotation mask) {
  if (dataset::rleArea(mask.rle) == 0) {
    auto found = annotation.frames.find(frame);
    if (found != annotation.frames.end()) {
      found->second.erase(objectId);
      if (found->second.empty()) annotation.frames.erase(found);
    }
    return;
  }
  annotation.frames[frame][objectId] = std::move(mask);
}

void AnnotationProject::clearPrompts(int frame, int objectId) {
  auto found = prompts.find(frame);
  if (found == prompts.end()) return;
  found->second.erase(objectId);
  if (found->second.empty()) prompts.erase(found);
}

std::vector<int> AnnotationProject::framesWithMask(int objectId) const {
  std::vector<int> frames;
  for (const auto& [frame, masks] : annotation.frames)
    if (masks.count(objectId)) frames.push_back(frame);
  return frames;
}

std::vector<int> AnnotationProject::framesWithPrompts(int objectId) const {
  std::vector<int> frames;
  for (const auto& [frame, byObject] : prompts) {
    const auto found = byObject.find(objectId);
    if (found != byObject.end() && !found->second.empty()) frames.push_back(frame);
  }
  return frames;
}

dataset::VideoAnnotation AnnotationProject::toExport() const {
  dataset::VideoAnnotation out = annotation;
  for (const auto& [frame, byObject] : prompts) {
    for (const auto& [objectId, framePrompts] : byObject) {
      auto frameIt = out.frames.find(frame);
      if (frameIt == out.frames.end()) continue;
      auto maskIt = frameIt->second.find(objectId);
      if (maskIt == frameIt->second.end()) continue;
      maskIt->second.points = framePrompts.points;
      maskIt->second.edited = true;
    }
  }
  return out;
}

}  // namespace masklet::project
