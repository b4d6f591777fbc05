#pragma once
// What a tracking run is asked to do and what it did, in plain values: torch-free, so the
// engine interface (annotation_engine.h) can be seen by the ui and the CLI without compiling
// LibTorch's headers.
#include <cstdint>
#include <functional>
#include <optional>

namespace masklet::tracker {

// The stop rule of "re-track until converged" (see convergence_check.h).
struct ConvergenceRule {
  double iouThreshold = 0.99;
  int64_t consecutiveFrames = 5;
};

struct PropagateRequest {
  std::optional<int64_t> startFrame;  // default: the earliest prompted (conditioning) frame
  std::optional<int64_t> maxFrames;   // frames to go past the start (default: to the video's end)
  bool reverse = false;
  // Re-track until converged: stop once every re-tracked object's new masks agree with the
  // masks they replace for K consecutive frames, keeping the later frames of the earlier run.
  // It only stops where the earlier run covers every object on every remaining frame, so
  // nothing is left untracked. Unset: track every planned frame (the reference).
  std::optional<ConvergenceRule> stopWhenConverged;
};

enum class PropagateStop { End, Cancelled, Converged };

struct PropagateResult {
  int64_t framesPlanned = 0;
  int64_t framesDone = 0;
  bool cancelled = false;
  PropagateStop stop = PropagateStop::End;
  int64_t lastFrame = -1;  // the last frame tracked (-1: none)
};

using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

}  // namespace masklet::tracker
