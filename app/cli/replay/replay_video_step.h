#pragma once
// One step of a video-predictor fixture: run through VideoSession (points, box, mask,
// propagate, remove, clear_frame, reset) and compared with trace.pt's record of it.
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/checkpoint_reader.h"
#include "tracker/video_session.h"
#include "tracker/video_session_compare.h"

namespace masklet::cli {

// What one step produced, in the trace's layout.
struct StepOutput {
  std::optional<std::vector<int64_t>> objIds;
  std::optional<std::vector<int64_t>> frames;
  torch::Tensor masks;  // [objects, 1, H, W] or [frames, objects, 1, H, W]
};

struct StepVerdict {
  bool ok = true;
  std::string line;
  double maxAbsDiff = 0.0;
  double minShare = 1.0;
  double minIoU = 1.0;
};

// Runs step `where` (its op, and `prefix` = "stepNN.op" naming its trace tensors). A step the
// session refuses throws masklet::Error.
StepOutput runStep(tracker::VideoSession& session, const nlohmann::json& step,
                   const std::string& op, const std::string& where, const std::string& prefix,
                   const model::TensorMap& trace);
// Whether trace.pt records anything of the step named `prefix`.
bool hasRecord(const model::TensorMap& trace, const std::string& prefix);
// The step's output against its record, at `tolerance`.
StepVerdict compareStep(const StepOutput& out, const std::string& prefix,
                        const model::TensorMap& trace, const tracker::MaskTolerance& tolerance);

}  // namespace masklet::cli
