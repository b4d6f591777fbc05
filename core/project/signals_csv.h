#pragma once
// Review assist export: the per-frame signals of a document's objects as CSV, one row per
// object and frame with a mask entry, objects in creation order, frames ascending:
//   frame,object,object_score,predicted_iou,area,iou_with_previous,state,checked
// `object` is the object id (the track id of the dataset exports); an empty cell is a value the
// mask does not have (a painted mask has no score; the first frame of a track no previous
// IoU); state is sure / doubtful / lost (ReviewThresholds); checked is 1 or 0. Numbers use
// '.' and 9 significant digits whatever the locale.
#include <filesystem>
#include <optional>
#include <string>

#include "project/review_signals.h"

namespace masklet::project {

extern const char* const kSignalsCsvHeader;

// All objects, or only `objectId` (nullopt: all).
std::string signalsCsv(const DocumentState& state, const ReviewThresholds& thresholds,
                       std::optional<int> objectId = std::nullopt);
// Written atomically (the old file stays whole until the new one is complete). Throws
// masklet::Error naming the path.
void writeSignalsCsv(const std::filesystem::path& path, const DocumentState& state,
                     const ReviewThresholds& thresholds,
                     std::optional<int> objectId = std::nullopt);

}  // namespace masklet::project
