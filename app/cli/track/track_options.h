#pragma once
// The options of `masklet-cli track` (also what a batch job turns into): parsed from the
// command line, with the checks that need no file.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace masklet::cli {

// What a prompt on a frame the object was already tracked on does to later propagations.
enum class Corrections {
  Keep,     // it becomes a conditioning frame and stays (the GUI's way, the default)
  Official  // the official predictor's default: a later propagation tracks the frame again
};

struct TrackOptions {
  std::string video;
  std::string checkpoint;  // a .pt file, or
  std::string model;       // an installed model's name (e.g. sam2.1_hiera_tiny)
  std::string config;      // YAML for a custom checkpoint (default: <checkpoint stem>.yaml)
  std::string prompts;
  std::string out;
  std::string format;  // coco, sa1b, sav, png
  std::string precision = "auto";
  int threads = 0;  // 0: the default (all cores, or MASKLET_THREADS)
  // --frames A-B (inclusive; "A-" to the end, "A" one frame); unset: the whole video.
  std::optional<std::pair<int, int>> frames;  // second -1: to the end
  std::string saveProject;                    // .masklet file
  std::string signals;                        // review signals CSV (project/signals_csv.h)
  Corrections corrections = Corrections::Keep;
  bool quiet = false;  // no progress output
  // Training-layout flags (export_options.h) as given, checked when parsed.
  std::vector<std::pair<std::string, std::string>> exportFlags;
};

// Throws UsageError for an unknown option, a missing value or a missing required option.
TrackOptions parseTrackOptions(const std::vector<std::string>& args);
// "A-B", "A-", "A": throws UsageError naming `flag` otherwise.
std::pair<int, int> parseFrameRange(const std::string& text, const std::string& flag);
// The command line that parseTrackOptions turns back into these options (for batch children).
std::vector<std::string> trackArguments(const TrackOptions& options);

const char* trackHelp();

}  // namespace masklet::cli
