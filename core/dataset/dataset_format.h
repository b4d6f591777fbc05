#pragma once
// The dataset formats by name, recognised from a path's content, and read/written through one
// entry point (what `masklet-cli convert` and the import/export dialogs use).
#include <filesystem>
#include <optional>
#include <string>

#include "dataset/coco_writer.h"
#include "dataset/png_masks_writer.h"
#include "dataset/sa1b_writer.h"
#include "dataset/sav_writer.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

enum class DatasetFormat { Coco, Sa1b, Sav, Png };

std::string formatName(DatasetFormat format);  // "coco", "sa1b", "sav", "png"
// Throws masklet::Error listing the known names.
DatasetFormat parseFormatName(const std::string& name);

// A folder with .json files is SA-1B, a folder of PNGs (or of numbered folders of PNGs) is PNG
// masks; a JSON file with "masklet" is SA-V, with "images" and "annotations" COCO, with "image"
// and "annotations" SA-1B. Throws masklet::Error saying what was found otherwise.
DatasetFormat detectFormat(const std::filesystem::path& path);

struct DatasetReadOptions {
  int savFrameStride = 0;  // see SavReadOptions
};
struct DatasetWriteOptions {
  int savFrameStride = 0;  // see SavWriteOptions
  PngLayout pngLayout = PngLayout::Auto;
  FrameImageOptions images;  // COCO and SA-1B only
};

VideoAnnotation readDataset(const std::filesystem::path& path, DatasetFormat format,
                            const DatasetReadOptions& options = {});
// Returns a one-line description of what was written (e.g. the PNG layout chosen).
std::string writeDataset(const VideoAnnotation& annotation, const std::filesystem::path& path,
                         DatasetFormat format, const DatasetWriteOptions& options = {});

}  // namespace masklet::dataset
