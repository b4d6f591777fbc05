#include "tracker/object_state.h"

namespace masklet::tracker {

const TrackOutput* findOutput(const std::map<int64_t, TrackOutput>& outputs, int64_t frame) {
  auto it = outputs.find(frame);
  return it == outputs.end() ? nullptr : &it->second;
}

const TrackOutput* ObjectState::latestOutput(int64_t frame, bool tempIsCond) const {
  if (const auto* out = findOutput(outputsOf(tempOutputs, tempIsCond), frame)) return out;
  if (const auto* out = findOutput(outputs.cond_frame_outputs, frame)) return out;
  return findOutput(outputs.non_cond_frame_outputs, frame);
}

void ObjectState::clearResults() {
  prompts.clear();
  outputs.cond_frame_outputs.clear();
  outputs.non_cond_frame_outputs.clear();
  tempOutputs.cond_frame_outputs.clear();
  tempOutputs.non_cond_frame_outputs.clear();
  framesTracked.clear();
}

}  // namespace masklet::tracker
