#include "dataset/video_annotation.h"

namespace masklet::dataset {

const AnnotatedObject* VideoAnnotation::findObject(int trackId) const {
  for (const auto& object : objects)
    if (object.trackId == trackId) return &object;
  return nullptr;
}

const Category* VideoAnnotation::findCategory(int categoryId) const {
  for (const auto& category : categories)
    if (category.id == categoryId) return &category;
  return nullptr;
}

const MaskAnnotation* VideoAnnotation::findMask(int frame, int trackId) const {
  const auto frameIt = frames.find(frame);
  if (frameIt == frames.end()) return nullptr;
  const auto maskIt = frameIt->second.find(trackId);
  return maskIt == frameIt->second.end() ? nullptr : &maskIt->second;
}

int VideoAnnotation::editedFrameCount(const AnnotatedObject& object) const {
  if (object.editedFrameCount) return *object.editedFrameCount;
  int count = 0;
  for (const auto& [frame, masks] : frames) {
    const auto it = masks.find(object.trackId);
    if (it != masks.end() && it->second.edited) ++count;
  }
  return count;
}

}  // namespace masklet::dataset
