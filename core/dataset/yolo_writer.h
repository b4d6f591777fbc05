#pragma once
// YOLO segmentation export in the Ultralytics layout:
//   data.yaml                      path (the folder, absolute), train, val, test, names
//   images/<split>/<video>_<frame:05d>.jpg   (with an image provider)
//   labels/<split>/<video>_<frame:05d>.txt   one line per instance: class x1 y1 x2 y2 ...
//   splits.json                    the frames of each split (dataset_split.h)
// Vertices are normalised to [0, 1] by the frame size; the class is the category's place in
// the categories sorted by id (see yolo_polygon.h for how a mask becomes one polygon).
#include <filesystem>
#include <string>

#include "dataset/training_export.h"

namespace masklet::dataset {

// "0 0.125000 0.250000 ...": the label line of one mask, "" for an empty mask.
std::string yoloLabelLine(int classIndex, const Rle& mask, double tolerance);
// Atomic. Returns a one-line summary (images and instances per split).
std::string writeYolo(const VideoAnnotation& annotation, const std::filesystem::path& folder,
                      const TrainingExportOptions& options = {});

}  // namespace masklet::dataset
