#pragma once
// Reads an SA-V masklet file ({video_id}_manual.json / _auto.json): masklet[frame][object]
// RLEs on every `stride`-th video frame, one object per masklet_id. The masklet_* statistics
// are not stored: the writer derives them again from the masks (sav_writer.h).
#include <filesystem>
#include <string>

#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct SavReadOptions {
  // Video frames between annotated frames (SA-V: 4, i.e. 6 fps of 24). 0 = the smallest stride
  // at which len(masklet) annotated frames span video_frame_count frames.
  int frameStride = 0;
};

// Throws masklet::Error naming the file and the key (e.g. "x.json: masklet[3][2].counts").
VideoAnnotation readSav(const std::filesystem::path& path, const SavReadOptions& options = {});
VideoAnnotation savFromJson(const Json& root, const std::string& where,
                            const SavReadOptions& options = {});

}  // namespace masklet::dataset
