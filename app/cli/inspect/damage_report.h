#pragma once
// The warning lines `info` and `frame-hash` print about a damaged video: which frames decoded
// with errors (concealed), which cannot be decoded at all, and whether the file ends early.
#include <string>
#include <vector>

#include "video/ffmpeg_source.h"

namespace masklet::cli {

// "0-3, 7, 9-12": ascending frame numbers, runs of three or more as ranges.
std::string formatFrameList(const std::vector<int>& frames);

// One line per kind of damage found so far, each starting with "warning: "; none when clean.
std::vector<std::string> damageWarnings(const video::FfmpegSource& source);

}  // namespace masklet::cli
