#pragma once
// Imports SA-1B JSON files (a folder of them, one per frame, or a single file) as one video.
// Frame: image.frame_index, else the file's place in name order. Object: track_id, else the
// annotation id. Every object is in the default category (SA-1B has none).
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

VideoAnnotation readSa1b(const std::filesystem::path& fileOrFolder);

}  // namespace masklet::dataset
