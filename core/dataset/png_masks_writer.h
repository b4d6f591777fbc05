#pragma once
// PNG mask export as VOS tools read it.
//  - DAVIS layout: <folder>/<frame:05d>.png, one palette PNG per annotated frame whose pixel
//    value is the object's track id (0 = background). Needs ids 1..255 and no overlaps.
//  - Per-object layout (SA-V val/test): <folder>/<id:03d>/<frame:05d>.png, one palette PNG
//    per object and frame (1 = the object), so overlapping objects stay exact.
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

enum class PngLayout { Auto, Davis, PerObject };

struct PngWriteOptions {
  // Auto: DAVIS when it is exact (ids 1..255, no two masks overlap), else per object.
  PngLayout layout = PngLayout::Auto;
};

// Why the DAVIS layout cannot hold this annotation exactly, or "" if it can.
std::string davisLayoutProblem(const VideoAnnotation& annotation);
// Atomic (the folder is built aside, then renamed). Returns the layout written.
PngLayout writePngMasks(const VideoAnnotation& annotation, const std::filesystem::path& folder,
                        const PngWriteOptions& options = {});

}  // namespace masklet::dataset
