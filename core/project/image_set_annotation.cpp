#include "project/image_set_annotation.h"

#include "common/error.h"

namespace masklet::project {

std::vector<dataset::AnnotatedImage> toAnnotatedImages(const Document& document) {
  const VideoRef& video = document.video();
  if (!video.isImageSet())
    throw Error("'" + video.name + "' is a video, not an image set: export it as a video");
  const dataset::VideoAnnotation annotation = document.toAnnotation();
  std::vector<dataset::AnnotatedImage> images;
  for (size_t i = 0; i < video.images.size(); ++i) {
    const ImageRef& ref = video.images[i];
    dataset::AnnotatedImage image{ref.name, ref.width, ref.height, {}};
    const auto frame = annotation.frames.find(int(i));
    // Objects in creation order, as the video exports list them.
    if (frame != annotation.frames.end())
      for (const auto& object : annotation.objects)
        if (const auto mask = frame->second.find(object.trackId); mask != frame->second.end()) {
          image.masks.push_back(mask->second);
          image.categoryIds.push_back(object.categoryId);
        }
    images.push_back(std::move(image));
  }
  return images;
}

}  // namespace masklet::project
