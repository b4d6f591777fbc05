#pragma once
// DAVIS 2017 export:
//   JPEGImages/<res>/<seq>/<frame:05d>.jpg   (with an image provider)
//   Annotations/<res>/<seq>/<frame:05d>.png  8-bit palette PNG, DAVIS palette, object k = index k
//   ImageSets/2017/train.txt, val.txt, test-dev.txt   the sequences of each split
//   splits.json
// <res> is 480p (frames scaled to 480 px high, masks by nearest neighbour) or Full-Resolution.
// Object k is track id k when every id is 1..255, else the objects are numbered 1..N in id
// order. Overlaps are resolved by score (exclusive_masks.h).
#include <filesystem>
#include <map>
#include <string>

#include "dataset/training_export.h"

namespace masklet::dataset {

// Track id -> palette index. Throws masklet::Error for more than 255 objects.
std::map<int, int> davisObjectIndices(const VideoAnnotation& annotation);
// Atomic. Returns a one-line summary.
std::string writeDavis(const VideoAnnotation& annotation, const std::filesystem::path& folder,
                       const TrainingExportOptions& options = {});

}  // namespace masklet::dataset
