#pragma once
// The tracking options a video-predictor fixture was recorded with: the model config's
// predictor values, overridden by session.json's "predictor" object.
#include <nlohmann/json.hpp>

#include "model/model_config.h"
#include "tracker/video_tracking_options.h"

namespace masklet::cli {

// Options that belong to the (immutable) model must agree with config.yaml: a disagreement is
// a masklet::Error. Keys that change no result are noted on stdout and ignored.
tracker::VideoTrackingOptions replaySessionOptions(const nlohmann::json& session,
                                                   const model::ModelConfig& config);

}  // namespace masklet::cli
