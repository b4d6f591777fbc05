// masklet-cli batch MANIFEST --out DIR [--shard i/N] [--jobs K]: many `track` jobs, resumable
// and shardable (see batch_runner.h and batch_manifest.h).
#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "cli/shared/command.h"
#include "cli/shared/usage_error.h"
#include "cli/track/batch_manifest.h"
#include "cli/track/batch_runner.h"
#include "dataset/dataset_format.h"
#include "model/precision.h"

namespace masklet::cli {
namespace {

const char* kHelp =
    "Usage: masklet-cli batch MANIFEST --out DIR [--shard i/N] [--jobs K]\n"
    "                         [--checkpoint C [--config Y] | --model NAME] [--format F]\n"
    "                         [--precision auto|fp32|bf16] [--threads N] [--quiet]\n"
    "Runs the manifest's tracking jobs (each one `masklet-cli track`), K at a time.\n"
    "MANIFEST: JSON lines or CSV with a header; fields id, video, prompts, format,\n"
    "checkpoint, config, model, precision, threads, frames, save_project (relative paths\n"
    "are relative to the manifest). The options above are defaults for unset fields.\n"
    "Without threads, each job gets the cores (or $MASKLET_THREADS) divided by K.\n"
    "  {\"id\": \"dog\", \"video\": \"videos/dog.mp4\", \"prompts\": \"prompts/dog.json\"}\n"
    "Each job writes DIR/<id>/ (coco.json, sav.json, sa1b/ or png/; project.masklet with\n"
    "save_project; track.log; done.json last), built aside and renamed into place: a killed\n"
    "run resumes where it stopped, finished jobs are skipped (a changed line is redone).\n"
    "--shard i/N runs jobs k with k mod N = i (0-based, manifest order): a Slurm array or\n"
    "a Kubernetes Indexed Job runs the shards (see packaging/cluster/). A failed job never\n"
    "stops the others; its log is kept as DIR/<id>.failed.log. At the end a summary\n"
    "(done, skipped, failed with reasons) goes to DIR/summary.json, or with --shard to\n"
    "DIR/summary-<i>-of-<N>.json, and to stdout.\n"
    "Exit codes: 0 every job done or skipped, 1 a job failed or the manifest is unreadable,\n"
    "2 usage, 3 internal error.\n";

int batchBody(const std::vector<std::string>& args) {
  BatchOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      if (!options.manifest.empty()) throw UsageError("one MANIFEST only");
      options.manifest = arg;
      continue;
    }
    if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
    const std::string& value = args[++i];
    if (arg == "--out")
      options.out = value;
    else if (arg == "--shard")
      std::tie(options.shardIndex, options.shardCount) = parseShard(value);
    else if (arg == "--jobs")
      options.parallelJobs = parseWholeNumber(arg, value, 1);
    else if (arg == "--checkpoint")
      options.defaults.checkpoint = value;
    else if (arg == "--config")
      options.defaults.config = value;
    else if (arg == "--model")
      options.defaults.model = value;
    else if (arg == "--format")
      options.defaults.format =
          formatName(parseOptionValue(arg, [&] { return dataset::parseFormatName(value); }));
    else if (arg == "--precision")
      options.defaults.precision =
          toString(parseOptionValue(arg, [&] { return model::parsePrecisionRequest(value); }));
    else if (arg == "--threads")
      options.defaults.threads = parseWholeNumber(arg, value, 1);
    else
      throw UsageError("unknown option '" + arg + "'");
  }
  if (options.manifest.empty()) throw UsageError("MANIFEST is required");
  if (options.out.empty()) throw UsageError("--out DIR is required");
  if (!options.defaults.checkpoint.empty() && !options.defaults.model.empty())
    throw UsageError("give --checkpoint or --model, not both");
  const BatchResult result = runBatch(options);
  std::cout << "batch: " << result.jobs << " jobs: " << result.done.size() << " done, "
            << result.skipped.size() << " skipped, " << result.failed.size() << " failed";
  if (!result.failed.empty()) {
    std::cout << " (";
    for (std::size_t i = 0; i < result.failed.size(); ++i)
      std::cout << (i ? ", " : "") << result.failed[i].first;
    std::cout << ")";
  }
  std::cout << "; summary " << result.summaryPath << "\n";
  for (const auto& [id, reason] : result.failed) std::cout << "  " << id << ": " << reason << "\n";
  return result.failed.empty() ? 0 : kExitRefused;
}

int runBatchCommand(const std::vector<std::string>& args) {
  if (args.empty() || std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : 0;
  }
  return runGuarded("batch", &batchBody, args);
}

const CommandRegistration registration{
    {"batch", "batch MANIFEST --out DIR [--shard i/N] [--jobs K]",
     "Many track jobs from a manifest: resumable, shardable over a cluster array",
     &runBatchCommand}};

}  // namespace
}  // namespace masklet::cli
