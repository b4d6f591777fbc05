#pragma once
// COCO export of a video annotation: one image per annotated frame (id, file_name, width,
// height, frame_index, video), one annotation per visible mask (compressed RLE segmentation,
// area, bbox, iscrowd 0, track_id linking the masklet across frames), the categories, and
// TAO-style "videos" and "tracks" lists so names and ids survive a round trip. Loads in
// pycocotools (COCO(...).annToMask) as is.
#include <filesystem>

#include "dataset/frame_images.h"
#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct CocoWriteOptions {
  // With a provider, the frames' images are written to <json folder>/<file_name>, i.e. a
  // folder named after the video next to the JSON file.
  FrameImageOptions images;
};

// Throws masklet::Error for objects whose category is not in the categories, masks of a size
// other than the video's, or masks of tracks that are not objects.
Json cocoToJson(const VideoAnnotation& annotation, const CocoWriteOptions& options = {});
// Atomic: images go to a temporary folder renamed into place, then the JSON file.
void writeCoco(const VideoAnnotation& annotation, const std::filesystem::path& jsonPath,
               const CocoWriteOptions& options = {});

// The folder (relative to the JSON file) that holds a video's frame images.
std::string cocoImageFolder(const VideoAnnotation& annotation);

}  // namespace masklet::dataset
