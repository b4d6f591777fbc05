#include "tracker/video_tracking_options.h"

#include <string>

#include "common/error.h"

namespace masklet::tracker {

VideoTrackingOptions VideoTrackingOptions::forModel(const model::ModelConfig& config) {
  VideoTrackingOptions options;
  options.fillHoleArea = config.fill_hole_area;
  options.nonOverlapMasks = config.non_overlap_masks;
  options.clearNonCondMemAroundInput = config.clear_non_cond_mem_around_input;
  return options;
}

void VideoTrackingOptions::validate() const {
  if (fillHoleArea < 0)
    throw Error("session option fill_hole_area must be 0 (off) or a pixel count, got " +
                std::to_string(fillHoleArea));
  if (featureCacheFrames < 1)
    throw Error("session option feature cache size must be at least 1 frame, got 0");
}

}  // namespace masklet::tracker
