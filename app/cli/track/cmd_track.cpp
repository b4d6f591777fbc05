// masklet-cli track: headless tracking of one video from a prompts file (see track_run.h).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/shared/command.h"
#include "cli/shared/export_options.h"
#include "cli/shared/progress_line.h"
#include "cli/shared/usage_error.h"
#include "cli/track/track_options.h"
#include "cli/track/track_run.h"
#include "project/prompts_file.h"

namespace masklet::cli {
namespace {

int trackBody(const std::vector<std::string>& args) {
  const TrackOptions options = parseTrackOptions(args);
  ProgressLine progress(options.quiet);
  const TrackSummary summary = runTrack(options, progress);
  const double fps =
      summary.propagateSeconds > 0 ? summary.framesTracked / summary.propagateSeconds : 0.0;
  char rate[32];
  std::snprintf(rate, sizeof(rate), "%.2f", fps);
  std::cout << "tracked " << options.video << ": " << summary.steps << " steps, " << summary.objects
            << " objects, " << summary.framesAnnotated << " frames, " << summary.masks
            << " masks; propagation " << summary.framesTracked << " frames at " << rate
            << " frames/s -> " << options.out << " (" << options.format << ")\n";
  return 0;
}

int runTrackCommand(const std::vector<std::string>& args) {
  if (args.empty() || std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << trackHelp() << exportFlagsHelp() << project::promptsFileHelp();
    return args.empty() ? kExitUsage : 0;
  }
  return runGuarded("track", &trackBody, args);
}

const CommandRegistration registration{
    {"track",
     "track --video V (--checkpoint C | --model NAME) --prompts P.json --out PATH "
     "--format FORMAT",
     "Headless tracking: run a prompts file through the tracker, write a dataset",
     &runTrackCommand}};

}  // namespace
}  // namespace masklet::cli
