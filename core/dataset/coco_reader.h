#pragma once
// Imports a COCO file as one video: images become frames (frame_index, else their order),
// annotations become masks of their track_id (else each annotation is an object of its own).
// Segmentations may be compressed RLE, uncompressed RLE or polygons (rasterized as pycocotools
// does). The "videos" and "tracks" lists Masklet writes restore names and ids when present.
#include <filesystem>
#include <string>

#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

// Throws masklet::Error naming the file and place, e.g. unknown categories
// ("x.json: annotations[4].category_id: 9 is not among the categories").
VideoAnnotation readCoco(const std::filesystem::path& path);
VideoAnnotation cocoFromJson(const Json& root, const std::string& where);

}  // namespace masklet::dataset
