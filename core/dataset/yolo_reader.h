#pragma once
// Imports a YOLO segmentation dataset (Ultralytics layout, yolo_writer.h) as one video: every
// labels/<split>/*.txt is a frame (frame index from the name's trailing number, e.g.
// clip_00042.txt, else its place in name order), every line an object numbered by its line
// (track id = line number), its polygon rasterised as Ultralytics does (cv::fillPoly). Classes
// become categories 1..N named after data.yaml's names. The frame size comes from the image
// beside the label (images/<split>/<stem>.jpg|jpeg|png), else from `frameSize`.
#include <filesystem>
#include <optional>
#include <utility>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct YoloReadOptions {
  std::optional<std::pair<int, int>> frameSize;  // width, height when no image is there
};

// Throws masklet::Error naming the file and line for a bad label line (odd coordinate count,
// fewer than 3 points, a class outside names, a coordinate outside [0, 1]); nothing is read.
VideoAnnotation readYolo(const std::filesystem::path& folder, const YoloReadOptions& options = {});

}  // namespace masklet::dataset
