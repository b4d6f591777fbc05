#pragma once
// Which frames of an object's memory bank a frame attends to (the selection logic of
// SAM2Base._prepare_memory_conditioned_features and sam2_utils.select_closest_cond_frames),
// kept apart from the tensor work so it can be checked on its own.
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "tracker/track_output.h"

namespace masklet::tracker {

struct CondFrameSelection {
  // In the reference's order: the closest frame before, the closest at/after, then the
  // remaining ones by temporal distance (all frames in ascending order when no limit applies).
  std::vector<std::pair<int64_t, const TrackOutput*>> selected;
  std::map<int64_t, const TrackOutput*> unselected;
};

// select_closest_cond_frames: up to maxCondFrameNum conditioning frames temporally closest to
// frameIdx (-1: all). Throws masklet::Error for a limit of 0 or 1 (the reference requires 2+).
// The pointers point into condOutputs.
CondFrameSelection selectClosestCondFrames(int64_t frameIdx,
                                           const std::map<int64_t, TrackOutput>& condOutputs,
                                           int64_t maxCondFrameNum);

// The frame whose non-conditioning memory takes temporal slot tRel (1 = the adjacent frame,
// up to num_maskmem-1): tRel 1 is always the adjacent frame; tRel >= 2 are taken from every
// stride-th frame (the reference's memory_temporal_stride_for_eval). May be outside the video.
int64_t memoryFrameIndex(int64_t frameIdx, int64_t tRel, int64_t stride, bool trackInReverse);

// Python's floor division (rounds towards -inf), which the reference uses for frame indices.
int64_t floorDiv(int64_t a, int64_t b);

}  // namespace masklet::tracker
