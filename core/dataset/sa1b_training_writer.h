#pragma once
// The SA-1B training layout that SAM 2's fine-tuning reads: <split>/<video>_<frame:05d>.jpg next
// to <video>_<frame:05d>.json for split = train, valid, test, plus splits.json. Each JSON is the
// per-image SA-1B file Masklet writes (sa1b_writer.h) with file_name naming its image.
#include <filesystem>
#include <string>

#include "dataset/training_export.h"

namespace masklet::dataset {

// Atomic. Returns a one-line summary.
std::string writeSa1bTraining(const VideoAnnotation& annotation,
                              const std::filesystem::path& folder,
                              const TrainingExportOptions& options = {});

}  // namespace masklet::dataset
