#pragma once
// Imports a DAVIS 2017 layout (davis_writer.h) as one video: every sequence under
// Annotations/<res>/ (Full-Resolution when present, else 480p, else the only folder there), its
// <frame>.png files 8-bit palette PNGs whose index k is object k. Frames keep the numbers in
// their names, so the chunks of a split video come back as the video. A folder of palette PNGs
// (one sequence) is read the same way.
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

// True when the file is a PNG whose colour type is "palette" (IHDR colour type 3).
bool isPalettePng(const std::filesystem::path& file);
// Throws masklet::Error naming the file for a PNG that is not a palette image, a frame given
// twice, or masks of different sizes; nothing is read then.
VideoAnnotation readDavis(const std::filesystem::path& folder);

}  // namespace masklet::dataset
