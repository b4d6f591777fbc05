#include "cli/track/track_options.h"

#include <algorithm>
#include <cctype>

#include "cli/shared/export_options.h"
#include "cli/shared/option_parser.h"
#include "cli/shared/usage_error.h"
#include "dataset/dataset_format.h"
#include "model/precision.h"

namespace masklet::cli {
std::pair<int, int> parseFrameRange(const std::string& text, const std::string& flag) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) {
    const int frame = parseWholeNumber(flag, text);
    return {frame, frame};
  }
  const int first = parseWholeNumber(flag, text.substr(0, dash));
  const std::string rest = text.substr(dash + 1);
  const int last = rest.empty() ? -1 : parseWholeNumber(flag, rest);
  if (last >= 0 && last < first)
    throw UsageError(flag + " " + text + ": the last frame comes before the first");
  return {first, last};
}

static Corrections parseCorrections(const std::string& value) {
  if (value == "keep") return Corrections::Keep;
  if (value == "official") return Corrections::Official;
  throw UsageError("--corrections " + value + ": use keep or official");
}

TrackOptions parseTrackOptions(const std::vector<std::string>& args) {
  TrackOptions out;
  OptionParser()
      .flag("--quiet", out.quiet)
      .value("--video", out.video)
      .value("--checkpoint", out.checkpoint)
      .value("--model", out.model)
      .value("--config", out.config)
      .value("--prompts", out.prompts)
      .value("--out", out.out)
      .value("--format", out.format)
      .value("--precision", out.precision)
      .wholeNumber("--threads", out.threads)
      .custom("--frames",
              [&](const std::string& flag, const std::string& value) {
                out.frames = parseFrameRange(value, flag);
              })
      .value("--save-project", out.saveProject)
      .value("--signals", out.signals)
      .custom("--corrections",
              [&](const std::string&, const std::string& value) {
                out.corrections = parseCorrections(value);
              })
      .family(isExportFlag,
              [&](const std::string& flag, const std::string& value) {
                dataset::DatasetWriteOptions check;
                applyExportFlag(flag, value, check);
                out.exportFlags.emplace_back(flag, value);
              })
      .positional(
          [](const std::string& arg) { throw UsageError("unexpected argument '" + arg + "'"); })
      .parse(args);
  if (out.video.empty()) throw UsageError("--video V is required (a video file or image folder)");
  if (out.checkpoint.empty() == out.model.empty())
    throw UsageError("give either --checkpoint FILE or --model NAME");
  if (!out.model.empty() && !out.config.empty())
    throw UsageError("--config goes with --checkpoint (an installed model brings its own)");
  if (out.prompts.empty()) throw UsageError("--prompts P.json is required");
  if (out.out.empty()) throw UsageError("--out PATH is required");
  if (out.format.empty()) throw UsageError("--format is required (e.g. coco, sav, yolo, davis)");
  parseOptionValue("--format", [&] { return dataset::parseFormatName(out.format); });
  parseOptionValue("--precision", [&] { return model::parsePrecisionRequest(out.precision); });
  return out;
}

std::vector<std::string> trackArguments(const TrackOptions& o) {
  std::vector<std::string> args{"--video", o.video};
  if (!o.checkpoint.empty()) args.insert(args.end(), {"--checkpoint", o.checkpoint});
  if (!o.model.empty()) args.insert(args.end(), {"--model", o.model});
  if (!o.config.empty()) args.insert(args.end(), {"--config", o.config});
  args.insert(args.end(), {"--prompts", o.prompts, "--out", o.out, "--format", o.format,
                           "--precision", o.precision});
  if (o.threads > 0) args.insert(args.end(), {"--threads", std::to_string(o.threads)});
  if (o.frames)
    args.insert(args.end(),
                {"--frames", std::to_string(o.frames->first) + "-" +
                                 (o.frames->second < 0 ? "" : std::to_string(o.frames->second))});
  if (!o.saveProject.empty()) args.insert(args.end(), {"--save-project", o.saveProject});
  if (!o.signals.empty()) args.insert(args.end(), {"--signals", o.signals});
  if (o.corrections == Corrections::Official)
    args.insert(args.end(), {"--corrections", "official"});
  for (const auto& [flag, value] : o.exportFlags) args.insert(args.end(), {flag, value});
  if (o.quiet) args.push_back("--quiet");
  return args;
}

const char* trackHelp() {
  return "Usage: masklet-cli track --video V (--checkpoint C [--config Y] | --model NAME)\n"
         "                         --prompts P.json --out PATH --format FORMAT\n"
         "                         [--precision auto|fp32|bf16] [--threads N] [--frames A-B]\n"
         "                         [--save-project FILE.masklet] [--signals FILE.csv]\n"
         "                         [--corrections keep|official] [--quiet]\n"
         "Runs the prompts file's steps in order through the tracking session the GUI uses\n"
         "and writes, for every frame and object, the last mask the session computed (object\n"
         "ids as track ids; predicted IoU where the format has a field for it).\n"
         "  --video      a video file or an image folder\n"
         "  --checkpoint a SAM 2 or EdgeTAM .pt file; --config its YAML (default: <stem>.yaml\n"
         "               beside it; none needed for an official checkpoint)\n"
         "  --model      an installed model by name (models/fetch-model.sh --list), looked up\n"
         "               in ~/.local/share/masklet/models and $MASKLET_MODEL_DIR: edgetam (the\n"
         "               fast one on a CPU), sam2.1_hiera_tiny ... sam2.1_hiera_large (accurate)\n"
         "  --format     coco, sa1b, sav, png, or a training layout: yolo, mots, mots-png,\n"
         "               davis, sa1b-train (these also write the frame images; flags below)\n"
         "  --out        a file for coco and sav, a folder for the others (written atomically)\n"
         "  --frames     track only frames A to B (inclusive; \"A-\" to the end); prompts must\n"
         "               lie inside; output frame indices stay the video's\n"
         "  --save-project  also write the annotation as a project the GUI opens\n"
         "  --signals    also write the review signals of every object to one CSV (atomically):\n"
         "               frame,object,object_score,predicted_iou,area,iou_with_previous,state,\n"
         "               checked; one row per object and tracked frame, object = track id;\n"
         "               state: lost (score <= 0 or empty), doubtful (predicted IoU < 0.7 or\n"
         "               IoU with the previous frame's mask < 0.5), sure\n"
         "  --corrections keep (default): a prompt on a frame the object was already\n"
         "               tracked on becomes a conditioning frame, kept by later propagations,\n"
         "               as in the GUI (the official predictor with\n"
         "               add_all_frames_to_correct_as_cond=True); official: the official\n"
         "               default (False), a later propagation tracks that frame again\n"
         "Progress goes to stderr (a bar on a terminal, plain lines otherwise).\n"
         "Exit codes: 0 done, 1 refused input (bad prompts, video, model; nothing is written),\n"
         "2 usage, 3 internal error.\n\n";
}

}  // namespace masklet::cli
