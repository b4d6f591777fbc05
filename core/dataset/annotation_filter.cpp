#include "dataset/annotation_filter.h"

#include <string>

#include "common/error.h"

namespace masklet::dataset {

namespace {

int lastFrameOf(const VideoAnnotation& annotation, const AnnotationSelection& selection) {
  if (selection.lastFrame >= 0) return selection.lastFrame;
  if (annotation.video.frameCount > 0) return annotation.video.frameCount - 1;
  return annotation.frames.empty() ? -1 : annotation.frames.rbegin()->first;
}

void checkSelection(const VideoAnnotation& annotation, const AnnotationSelection& selection) {
  if (selection.stride < 1)
    throw Error("export: the frame stride must be 1 or more, not " +
                std::to_string(selection.stride));
  const int last = lastFrameOf(annotation, selection);
  if (selection.firstFrame < 0 || selection.firstFrame > last)
    throw Error("export: the frame range " + std::to_string(selection.firstFrame) + "-" +
                std::to_string(last) + " is empty");
  const int frameCount = annotation.video.frameCount;
  if (frameCount > 0 && last >= frameCount)
    throw Error("export: frame " + std::to_string(last) + " is past the video's last frame (" +
                std::to_string(frameCount - 1) + ")");
  for (const int id : selection.trackIds)
    if (annotation.findObject(id) == nullptr)
      throw Error("export: there is no object " + std::to_string(id));
}

}  // namespace

std::vector<int> selectedFrames(const VideoAnnotation& annotation,
                                const AnnotationSelection& selection) {
  checkSelection(annotation, selection);
  std::vector<int> frames;
  const int last = lastFrameOf(annotation, selection);
  for (int frame = selection.firstFrame; frame <= last; frame += selection.stride)
    frames.push_back(frame);
  return frames;
}

VideoAnnotation filterAnnotation(const VideoAnnotation& annotation,
                                 const AnnotationSelection& selection) {
  const std::vector<int> frames = selectedFrames(annotation, selection);
  const auto kept = [&selection](int trackId) {
    return selection.trackIds.empty() || selection.trackIds.count(trackId) > 0;
  };
  VideoAnnotation out;
  out.video = annotation.video;
  out.categories = annotation.categories;
  for (const int frame : frames) {
    const auto found = annotation.frames.find(frame);
    if (found == annotation.frames.end()) continue;
    auto& masks = out.frames[frame];
    for (const auto& [trackId, mask] : found->second)
      if (kept(trackId)) masks[trackId] = mask;
  }
  // An imported total of edited frames no longer holds once frames are left out.
  const bool framesDropped = out.frames.size() < annotation.frames.size();
  for (const auto& object : annotation.objects) {
    if (!kept(object.trackId)) continue;
    out.objects.push_back(object);
    if (framesDropped) out.objects.back().editedFrameCount.reset();
  }
  return out;
}

}  // namespace masklet::dataset
