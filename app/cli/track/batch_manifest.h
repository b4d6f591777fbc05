#pragma once
// The job list of `masklet-cli batch`: JSON lines (one object per line) or CSV (a header row
// naming the columns), one tracking job per line:
//   {"id": "dog", "video": "videos/dog.mp4", "prompts": "prompts/dog.json", "format": "coco",
//    "model": "sam2.1_hiera_tiny", "frames": "0-99", "save_project": true}
//   id,video,prompts,format,checkpoint,config,model,precision,threads,frames,save_project
// Relative paths are relative to the manifest's folder. Unset fields take the batch command's
// defaults (--format, --checkpoint, ...). Blank lines and lines starting with '#' are skipped.
// A line that cannot become a job is kept as a job with a problem, so it fails alone.
#include <filesystem>
#include <string>
#include <vector>

#include "cli/track/track_options.h"

namespace masklet::cli {

struct BatchJob {
  std::string id;      // the job's folder name: the "id" field, else job-<line>-<video stem>
  int line = 0;        // 1-based line in the manifest
  TrackOptions track;  // --out / --save-project are set by the runner
  bool saveProject = false;
  std::string problem;  // why the line cannot run ("" = fine)
};

// Throws masklet::Error when the manifest cannot be read at all; line problems go into the
// jobs. Duplicate ids make the later lines' jobs fail.
std::vector<BatchJob> readManifest(const std::filesystem::path& path, const TrackOptions& defaults);

// "i/N" with 0 <= i < N: throws UsageError otherwise.
std::pair<int, int> parseShard(const std::string& text);
// Every N-th job of the manifest's order starting at i (job k belongs to shard k mod N), so the
// shards of an array partition the jobs and a job's shard never depends on the others' state.
std::vector<BatchJob> shardJobs(const std::vector<BatchJob>& jobs, int index, int count);

}  // namespace masklet::cli
