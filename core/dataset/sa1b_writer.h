#pragma once
// SA-1B export: a folder with one JSON per annotated frame, named <frame:05d>.json,
// {"image": {image_id, width, height, file_name, ...}, "annotations": [{id, bbox, area,
// segmentation (compressed RLE, size [h, w]), predicted_iou, stability_score, crop_box (the
// full frame), point_coords (the prompts on that frame), track_id}]}. Scores the model did not
// give (e.g. hand-drawn masks) are written as null.
#include <filesystem>

#include "dataset/frame_images.h"
#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct Sa1bWriteOptions {
  FrameImageOptions images;  // with a provider, <frame:05d>.jpg beside each JSON
};

Json sa1bFrameToJson(const VideoAnnotation& annotation, int frameIndex, int& nextAnnotationId);
// Atomic: the folder is built aside and renamed into place (replacing an existing one).
void writeSa1b(const VideoAnnotation& annotation, const std::filesystem::path& folder,
               const Sa1bWriteOptions& options = {});

}  // namespace masklet::dataset
