#include "ui/objects/object_frame_counts.h"

namespace masklet::ui {

std::map<int, ObjectFrameCount> countObjectFrames(const project::Document& document) {
  std::map<int, ObjectFrameCount> counts;
  for (const auto& object : document.objects()) counts[object.id];
  const auto& state = document.state();
  for (const auto& [key, mask] : state.masks) {
    const auto found = counts.find(key.second);
    if (found != counts.end() && dataset::rleArea(mask.rle) > 0) ++found->second.masked;
  }
  for (const auto& [key, prompts] : state.prompts) {
    const auto found = counts.find(key.second);
    if (found != counts.end() && !prompts.empty()) ++found->second.prompted;
  }
  return counts;
}

}  // namespace masklet::ui
