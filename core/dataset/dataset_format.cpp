#include "dataset/dataset_format.h"

#include "common/error.h"
#include "dataset/coco_reader.h"
#include "dataset/davis_reader.h"
#include "dataset/davis_writer.h"
#include "dataset/json_util.h"
#include "dataset/mots_reader.h"
#include "dataset/mots_writer.h"
#include "dataset/png_masks_reader.h"
#include "dataset/sa1b_reader.h"
#include "dataset/sa1b_training_reader.h"
#include "dataset/sa1b_training_writer.h"
#include "dataset/sav_reader.h"
#include "dataset/yolo_reader.h"
#include "dataset/yolo_writer.h"

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
    case DatasetFormat::Yolo:
      return "yolo";
    case DatasetFormat::Mots:
      return "mots";
    case DatasetFormat::MotsPng:
      return "mots-png";
    case DatasetFormat::Davis:
      return "davis";
    case DatasetFormat::Sa1bTrain:
      return "sa1b-train";
  }
  return "?";
}

std::vector<DatasetFormat> allFormats() {
  return {DatasetFormat::Coco,    DatasetFormat::Sa1b,  DatasetFormat::Sav,
          DatasetFormat::Png,     DatasetFormat::Yolo,  DatasetFormat::Mots,
          DatasetFormat::MotsPng, DatasetFormat::Davis, DatasetFormat::Sa1bTrain};
}

bool isTrainingFormat(DatasetFormat format) {
  return format == DatasetFormat::Yolo || format == DatasetFormat::Mots ||
         format == DatasetFormat::MotsPng || format == DatasetFormat::Davis ||
         format == DatasetFormat::Sa1bTrain;
}

DatasetFormat parseFormatName(const std::string& name) {
  std::string names;
  for (const auto format : allFormats()) {
    if (formatName(format) == name) return format;
    names += (names.empty() ? "" : ", ") + formatName(format);
  }
  throw Error("unknown format '" + name + "' (use " + names + ")");
}

DatasetFormat detectFormat(const fs::path& path) {
  std::error_code error;
  if (!fs::exists(path, error)) throw Error(path.string() + ": no such file or folder");
  if (fs::is_directory(path)) {
    if (fs::exists(path / "data.yaml")) return DatasetFormat::Yolo;
    if (fs::is_directory(path / "instances_txt")) return DatasetFormat::Mots;
    if (fs::is_directory(path / "Annotations")) return DatasetFormat::Davis;
    if (isSa1bTrainingLayout(path)) return DatasetFormat::Sa1bTrain;
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
  if (path.extension() == ".txt") return DatasetFormat::Mots;
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
    case DatasetFormat::Yolo:
      return readYolo(path, YoloReadOptions{options.frameSize});
    case DatasetFormat::Mots:
    case DatasetFormat::MotsPng:
      return readMots(path);
    case DatasetFormat::Davis:
      return readDavis(path);
    case DatasetFormat::Sa1bTrain:
      return readSa1bTraining(path);
  }
  throw Error("unknown format");
}

std::string writeDataset(const VideoAnnotation& annotation, const fs::path& path,
                         DatasetFormat format, const DatasetWriteOptions& options) {
  const TrainingExportOptions training{options.split, options.images, options.polygonTolerance,
                                       options.davisFullResolution, options.datasetRoot};
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
    case DatasetFormat::Yolo:
      return writeYolo(annotation, path, training);
    case DatasetFormat::Mots:
    case DatasetFormat::MotsPng:
      return writeMots(annotation, path, training,
                       MotsWriteOptions{format == DatasetFormat::MotsPng});
    case DatasetFormat::Davis:
      return writeDavis(annotation, path, training);
    case DatasetFormat::Sa1bTrain:
      return writeSa1bTraining(annotation, path, training);
  }
  throw Error("unknown format");
}

}  // namespace masklet::dataset
