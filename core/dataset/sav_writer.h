#pragma once
// Writes an SA-V masklet file with exactly the keys and layout of the SA-V release's
// *_manual.json files, so tools written for SA-V read it: video_* facts, masklet[frame][object]
// compressed RLEs on every stride-th frame (absent objects as empty masks), and the masklet_*
// statistics derived from those masks the way the release computes them.
#include <filesystem>

#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct SavWriteOptions {
  // Write every stride-th video frame (SA-V: 4). 0 = the largest step that hits every
  // annotated frame (the greatest common divisor of their indices), 1 if none.
  int frameStride = 0;
};

// The frame indices that an SA-V export writes, in order.
std::vector<int> savFrameIndices(const VideoAnnotation& annotation, int frameStride);
Json savToJson(const VideoAnnotation& annotation, const SavWriteOptions& options = {});
// Atomic: the file appears complete or not at all.
void writeSav(const VideoAnnotation& annotation, const std::filesystem::path& path,
              const SavWriteOptions& options = {});

}  // namespace masklet::dataset
