#pragma once
// `masklet-cli track` as a function: validates the prompts against the video before any model
// work, runs every step through the video engine (tracker/annotation_engine.h) and records the
// answers in a project::Document with tracker::ResultRecorder, the GUI's own recorder (a prompt
// one command, a propagation one command), then exports document.toAnnotation() with the
// dataset writers (atomic) and optionally saves the Document as a project.
#include <string>

#include "cli/shared/progress_line.h"
#include "cli/track/track_options.h"

namespace masklet::cli {

struct TrackSummary {
  int steps = 0;
  int framesTracked = 0;    // frames the propagation steps computed (with repeats)
  int framesAnnotated = 0;  // frames in the output
  int objects = 0;
  int masks = 0;                  // non-empty masks written
  double trackingSeconds = 0.0;   // model work (prompts and propagation)
  double propagateSeconds = 0.0;  // propagation only
  std::string precision;          // what ran, and why
};

// Throws masklet::Error for refused input (the message names the step), writing nothing.
TrackSummary runTrack(const TrackOptions& options, ProgressLine& progress);

}  // namespace masklet::cli
