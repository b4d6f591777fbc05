#pragma once
// MOTS export (the MOTSChallenge / KITTI MOTS format):
//   instances_txt/<seq>.txt   one line per object and frame: "frame id class_id height width
//                             rle", id = class_id * 1000 + instance (motsInstanceNumbers), rle the
//                             COCO compressed counts string; masks never overlap
//                             (exclusive_masks.h)
//   instances/<seq>/<frame:06d>.png   the PNG variant: 16-bit gray, pixel = id, 0 background
//   images/<seq>/<frame:06d>.jpg      with an image provider
//   <split>.seqmap, splits.json       the sequences and frames of each split
// A sequence is the video, or one chunk of it when the export is split (training_export.h).
#include <filesystem>
#include <map>
#include <string>

#include "dataset/training_export.h"

namespace masklet::dataset {

struct MotsWriteOptions {
  bool png = false;  // also write the PNG variant
};

// Track id -> MOTS instance number (1..999): the track ids when they all fit, else 1..N in
// track-id order (SA-V masklets count from 0), as DAVIS numbers its objects.
std::map<int, int> motsInstanceNumbers(const VideoAnnotation& annotation);
// The text lines of one frame (each ends with '\n').
std::string motsFrameLines(const VideoAnnotation& annotation, int frame);
std::string motsFrameLines(const VideoAnnotation& annotation, const std::map<int, int>& instances,
                           int frame);
// Atomic. Returns a one-line summary.
std::string writeMots(const VideoAnnotation& annotation, const std::filesystem::path& folder,
                      const TrainingExportOptions& options = {}, const MotsWriteOptions& mots = {});

}  // namespace masklet::dataset
