// masklet-cli batch MANIFEST --out DIR [--shard i/N] [--jobs K]: many `track` jobs, resumable
// and shardable (see batch_runner.h and batch_manifest.h).
#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
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
  OptionParser()
      .flag("--quiet", options.quiet)
      .value("--out", options.out)
      .custom("--shard",
              [&](const std::string&, const std::string& value) {
                std::tie(options.shardIndex, options.shardCount) = parseShard(value);
              })
      .wholeNumber("--jobs", options.parallelJobs, 1)
      .value("--checkpoint", options.defaults.checkpoint)
      .value("--config", options.defaults.config)
      .value("--model", options.defaults.model)
      .custom("--format",
              [&](const std::string& flag, const std::string& value) {
                options.defaults.format = formatName(
                    parseOptionValue(flag, [&] { return dataset::parseFormatName(value); }));
              })
      .custom("--precision",
              [&](const std::string& flag, const std::string& value) {
                options.defaults.precision = toString(
                    parseOptionValue(flag, [&] { return model::parsePrecisionRequest(value); }));
              })
      .wholeNumber("--threads", options.defaults.threads, 1)
      .positional([&](const std::string& arg) {
        if (!options.manifest.empty()) throw UsageError("one MANIFEST only");
        options.manifest = arg;
      })
      .parse(args);
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
