#include "dataset/dataset_format.h"

#include "common/error.h"
#include "dataset/coco_reader.h"
#include "dataset/json_util.h"
#include "dataset/png_masks_reader.h"
#include "dataset/sa1b_reader.h"
#include "dataset/sav_reader.h"

namespace fs = std::filesystem;

namespace masklet::dataset {

std::string formatName(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::Coco:
      return "coco";
    case DatasetFormat::Sa1b:
      return "sa1b";
    case DatasetFormat::Sav:
      return "sav";
    case DatasetFormat::Png:
      return "png";
  }
  return "?";
}

DatasetFormat parseFormatName(const std::string& name) {
  for (const auto format :
       {DatasetFormat::Coco, DatasetFormat::Sa1b, DatasetFormat::Sav, DatasetFormat::Png})
    if (formatName(format) == name) return format;
  throw Error("unknown format '" + name + "' (use coco, sa1b, sav or png)");
}

DatasetFormat detectFormat(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) throw Error(path.string() + ": no such file or folder");
  if (fs::is_directory(path)) {
    bool json = false, png = false, folders = false;
    for (const auto& entry : fs::directory_iterator(path)) {
      const std::string extension = entry.path().extension().string();
      if (entry.is_regular_file() && extension == ".json") json = true;
      if (entry.is_regular_file() && extension == ".png") png = true;
      if (entry.is_directory()) folders = true;
    }
    if (json) return DatasetFormat::Sa1b;  // its frame images may be PNGs; masks never sit by JSON
    if (png || folders) return DatasetFormat::Png;
    throw Error(path.string() +
                ": cannot tell the format of this folder (expected SA-1B .json "
                "files, PNG masks, or numbered folders of PNG masks)");
  }
  const Json root = readJsonFile(path);
  if (root.is_object()) {
    if (root.contains("masklet")) return DatasetFormat::Sav;
    if (root.contains("images") && root.contains("annotations")) return DatasetFormat::Coco;
    if (root.contains("image") && root.contains("annotations")) return DatasetFormat::Sa1b;
  }
  throw Error(path.string() +
              ": not a known annotation file (no \"masklet\" for SA-V, no "
              "\"images\"+\"annotations\" for COCO, no \"image\"+\"annotations\" for SA-1B)");
}

VideoAnnotation readDataset(const fs::path& path, DatasetFormat format,
                            const DatasetReadOptions& options) {
  switch (format) {
    case DatasetFormat::Coco:
      return readCoco(path);
    case DatasetFormat::Sa1b:
      return readSa1b(path);
    case DatasetFormat::Sav:
      return readSav(path, SavReadOptions{options.savFrameStride});
    case DatasetFormat::Png:
      return readPngMasks(path);
  }
  throw Error("unknown format");
}

std::string writeDataset(const VideoAnnotation& annotation, const fs::path& path,
                         DatasetFormat format, const DatasetWriteOptions& options) {
  switch (format) {
    case DatasetFormat::Coco:
      writeCoco(annotation, path, CocoWriteOptions{options.images});
      return "COCO file " + path.string();
    case DatasetFormat::Sa1b:
      writeSa1b(annotation, path, Sa1bWriteOptions{options.images});
      return "SA-1B folder " + path.string() + " (" + std::to_string(annotation.frames.size()) +
             " frames)";
    case DatasetFormat::Sav: {
      const auto frames = savFrameIndices(annotation, options.savFrameStride);
      writeSav(annotation, path, SavWriteOptions{options.savFrameStride});
      return "SA-V file " + path.string() + " (" + std::to_string(frames.size()) + " frames)";
    }
    case DatasetFormat::Png: {
      const PngLayout layout = writePngMasks(annotation, path, PngWriteOptions{options.pngLayout});
      return "PNG masks in " + path.string() +
             (layout == PngLayout::Davis ? " (DAVIS layout: <frame>.png, value = object id)"
                                         : " (per-object layout: <id>/<frame>.png)");
    }
  }
  throw Error("unknown format");
}

}  // namespace masklet::dataset
