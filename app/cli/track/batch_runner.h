#pragma once
// `masklet-cli batch` as a function: runs a shard of a manifest's jobs, each as a child
// `masklet-cli track` process, K at a time. Each job is built in a hidden folder
// OUT/.<id>.partial-<pid> (outputs, track.log, then done.json) that is renamed to OUT/<id> only
// when complete, so OUT/<id>/done.json exists exactly for finished jobs: a killed run leaves
// only hidden partial folders, removed when the job runs again, and a re-run skips what is
// done. A job whose manifest line changed (other prompts, format, ...) is done again. A failing
// job never stops the others: its reason goes to the summary and its log to OUT/<id>.failed.log.
#include <string>
#include <utility>
#include <vector>

#include "cli/track/track_options.h"

namespace masklet::cli {

struct BatchOptions {
  std::string manifest;
  std::string out;
  int shardIndex = 0;
  int shardCount = 1;
  int parallelJobs = 1;
  TrackOptions defaults;  // what manifest lines leave unset
  bool quiet = false;
};

struct BatchResult {
  int jobs = 0;  // in this shard
  std::vector<std::string> done;
  std::vector<std::string> skipped;
  std::vector<std::pair<std::string, std::string>> failed;  // id, reason
  std::string summaryPath;
};

// Throws masklet::Error when the manifest cannot be read or OUT cannot be created.
BatchResult runBatch(const BatchOptions& options);

// The name of a job's dataset inside its folder: coco.json, sav.json, sa1b/, png/.
std::string jobOutputName(const std::string& format);

}  // namespace masklet::cli
