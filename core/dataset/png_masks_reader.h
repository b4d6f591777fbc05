#pragma once
// Imports PNG masks in either layout of png_masks_writer.h: PNGs directly in the folder
// (DAVIS: pixel value = object id) or one numbered sub-folder per object (SA-V val/test: any
// non-zero pixel is the object). Frame = the number in the file name, else the name order.
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

VideoAnnotation readPngMasks(const std::filesystem::path& folder);

}  // namespace masklet::dataset
