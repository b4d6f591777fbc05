#pragma once
// The dataset formats by name, recognised from a path's content, and read/written through one
// entry point (what `masklet-cli convert` and the import/export dialogs use).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataset/coco_writer.h"
#include "dataset/dataset_split.h"
#include "dataset/png_masks_writer.h"
#include "dataset/sa1b_writer.h"
#include "dataset/sav_writer.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

// The last five are the training layouts (training_export.h): YOLO segmentation, MOTS text
// (MotsPng: plus its PNG variant), DAVIS 2017, SA-1B train/valid/test folders.
enum class DatasetFormat { Coco, Sa1b, Sav, Png, Yolo, Mots, MotsPng, Davis, Sa1bTrain };

// "coco", "sa1b", "sav", "png", "yolo", "mots", "mots-png", "davis", "sa1b-train"
std::string formatName(DatasetFormat format);
// Every format, in the order above; the training layouts take a split.
std::vector<DatasetFormat> allFormats();
bool isTrainingFormat(DatasetFormat format);
// Throws masklet::Error listing the known names.
DatasetFormat parseFormatName(const std::string& name);

// A folder with data.yaml is YOLO, with instances_txt/ (or a .txt file) MOTS, with Annotations/
// DAVIS, with train|valid|test/*.json the SA-1B training layout; a folder with .json files is
// SA-1B, a folder of PNGs (or of numbered folders of PNGs) is PNG masks; a JSON file with "masklet"
// is SA-V, with "images" and "annotations" COCO, with "image" and "annotations" SA-1B. Throws
// masklet::Error saying what was found otherwise.
DatasetFormat detectFormat(const std::filesystem::path& path);

struct DatasetReadOptions {
  int savFrameStride = 0;                        // see SavReadOptions
  std::optional<std::pair<int, int>> frameSize;  // YOLO without images: width, height
};
struct DatasetWriteOptions {
  int savFrameStride = 0;  // see SavWriteOptions
  PngLayout pngLayout = PngLayout::Auto;
  FrameImageOptions images;           // COCO, SA-1B and the training layouts
  SplitOptions split;                 // training layouts only
  double polygonTolerance = 1.0;      // YOLO (see yolo_polygon.h)
  bool davisFullResolution = false;   // DAVIS: Full-Resolution instead of 480p
  std::filesystem::path datasetRoot;  // YOLO data.yaml path when written to a staging folder
};

VideoAnnotation readDataset(const std::filesystem::path& path, DatasetFormat format,
                            const DatasetReadOptions& options = {});
// Returns a one-line description of what was written (e.g. the PNG layout chosen).
std::string writeDataset(const VideoAnnotation& annotation, const std::filesystem::path& path,
                         DatasetFormat format, const DatasetWriteOptions& options = {});

}  // namespace masklet::dataset
