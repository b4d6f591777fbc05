#pragma once
// Everything a VideoSession keeps for one tracked object (the reference's per-object slices:
// point/mask inputs, output_dict_per_obj, temp_output_dict_per_obj, frames_tracked_per_obj).
// Each object is tracked independently with its own memory bank (batch size 1).
#include <cstdint>
#include <map>
#include <optional>

#include "tracker/prompt_store.h"
#include "tracker/track_output.h"

namespace masklet::tracker {

struct ObjectState {
  int64_t id = 0;  // the client's object id
  PromptStore prompts;
  // The memory bank: consolidated outputs of prompted (conditioning) and tracked frames.
  OutputDict outputs;
  // Outputs of frames the user just prompted, not yet memory-encoded; merged into `outputs`
  // when a propagation starts.
  OutputDict tempOutputs;
  // Frames this object was tracked on, with the direction (true = reverse) they were tracked in.
  std::map<int64_t, bool> framesTracked;

  // The most recent output on `frame` for display and consolidation: the temporary output
  // of the given kind first, then the conditioning, then the non-conditioning memory.
  const TrackOutput* latestOutput(int64_t frame, bool tempIsCond) const;
  // Drops every prompt, output and tracked frame (the object id stays).
  void clearResults();
};

// The map of `dict` for conditioning or non-conditioning outputs.
inline std::map<int64_t, TrackOutput>& outputsOf(OutputDict& dict, bool isCond) {
  return isCond ? dict.cond_frame_outputs : dict.non_cond_frame_outputs;
}
inline const std::map<int64_t, TrackOutput>& outputsOf(const OutputDict& dict, bool isCond) {
  return isCond ? dict.cond_frame_outputs : dict.non_cond_frame_outputs;
}

// The output stored for `frame` in `outputs`, or nullptr.
const TrackOutput* findOutput(const std::map<int64_t, TrackOutput>& outputs, int64_t frame);

}  // namespace masklet::tracker
