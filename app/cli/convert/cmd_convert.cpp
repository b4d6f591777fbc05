// masklet-cli convert: between COCO, SA-1B, SA-V, PNG masks and the training layouts (YOLO, MOTS,
// DAVIS, SA-1B train/valid/test); the input format is read from the content, the output format
// is asked for.
#include <iostream>

#include "cli/shared/command.h"
#include "cli/shared/export_options.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "dataset/dataset_format.h"
#include "video/frame_image_provider.h"

namespace masklet::cli {
namespace {

constexpr const char* kUsage =
    "convert IN OUT --to FORMAT [--from FORMAT] [--stride N] [--in-stride N] "
    "[--png-layout auto|davis|per-object] [--video V] [--frame-size WxH] [--split T/V/E] "
    "[--seed N] ...";

void printConvertHelp() {
  std::cout
      << "usage: masklet-cli " << kUsage << "\n\n"
      << "Converts video mask annotations. IN's format is detected from its content:\n"
      << "  a JSON file with \"masklet\" (SA-V), \"images\"+\"annotations\" (COCO),\n"
      << "  \"image\"+\"annotations\" (one SA-1B file); a folder of .json (SA-1B) or of\n"
      << "  PNG masks (DAVIS <frame>.png, or per object <id>/<frame>.png); a folder with\n"
      << "  data.yaml (YOLO), instances_txt/ or a .txt (MOTS), Annotations/ (DAVIS 2017),\n"
      << "  train|valid|test/*.json (SA-1B training layout).\n"
      << "OUT is a file for coco and sav, a folder for the others (replaced atomically).\n\n"
      << "  --to FORMAT        coco, sa1b, sav, png, yolo, mots, mots-png, davis, sa1b-train\n"
      << "  --from FORMAT      skip detection and read IN as FORMAT\n"
      << "  --stride N         SA-V output: write every N-th frame (default: the step\n"
      << "                     between the annotated frames, e.g. 4 for SA-V input)\n"
      << "  --in-stride N      SA-V input: frames between its annotated frames\n"
      << "                     (default: inferred from video_frame_count)\n"
      << "  --png-layout L     auto (DAVIS when exact, else per-object), davis, per-object\n"
      << "  --video V          write the frames of video (or image folder) V beside the\n"
      << "                     annotations (coco, sa1b and the training layouts)\n"
      << "  --frame-size WxH   YOLO input without images: the frame size\n"
      << exportFlagsHelp();
}

dataset::PngLayout parseLayout(const std::string& value) {
  if (value == "auto") return dataset::PngLayout::Auto;
  if (value == "davis") return dataset::PngLayout::Davis;
  if (value == "per-object") return dataset::PngLayout::PerObject;
  throw UsageError("--png-layout must be auto, davis or per-object, got '" + value + "'");
}

std::pair<int, int> parseFrameSize(const std::string& flag, const std::string& value) {
  const auto x = value.find('x');
  if (x == std::string::npos) throw UsageError(flag + " must be WIDTHxHEIGHT, got '" + value + "'");
  return {parseWholeNumber(flag, value.substr(0, x), 1),
          parseWholeNumber(flag, value.substr(x + 1), 1)};
}

int runConvert(const std::vector<std::string>& args) {
  std::vector<std::string> positional;
  std::string to, from, video;
  dataset::DatasetReadOptions readOptions;
  dataset::DatasetWriteOptions writeOptions;
  bool help = false;
  OptionParser({"{} needs a value (see convert --help)", "unknown option {} (see convert --help)"})
      .stop("--help", help)
      .stop("-h", help)
      .value("--to", to)
      .value("--from", from)
      .wholeNumber("--stride", writeOptions.savFrameStride, 1)
      .wholeNumber("--in-stride", readOptions.savFrameStride, 1)
      .custom("--png-layout",
              [&](const std::string&, const std::string& value) {
                writeOptions.pngLayout = parseLayout(value);
              })
      .value("--video", video)
      .custom("--frame-size",
              [&](const std::string& flag, const std::string& value) {
                readOptions.frameSize = parseFrameSize(flag, value);
              })
      .family(isExportFlag,
              [&](const std::string& flag, const std::string& value) {
                applyExportFlag(flag, value, writeOptions);
              })
      .positional([&](const std::string& arg) { positional.push_back(arg); })
      .parse(args);
  if (help) {
    printConvertHelp();
    return 0;
  }
  if (positional.size() != 2 || to.empty()) {
    std::cerr << "usage: masklet-cli " << kUsage << "\n";
    return 2;
  }
  const auto outFormat = parseOptionValue("--to", [&] { return dataset::parseFormatName(to); });
  const auto inFormat =
      from.empty() ? dataset::detectFormat(positional[0])
                   : parseOptionValue("--from", [&] { return dataset::parseFormatName(from); });
  if (!video.empty()) writeOptions.images.provider = video::openFrameImageProvider(video);
  const dataset::VideoAnnotation annotation =
      dataset::readDataset(positional[0], inFormat, readOptions);
  std::size_t masks = 0;
  for (const auto& frame : annotation.frames) masks += frame.second.size();
  std::cout << "read " << dataset::formatName(inFormat) << " " << positional[0] << ": video '"
            << annotation.video.name << "' " << annotation.video.width << "x"
            << annotation.video.height << ", " << annotation.objects.size() << " objects, "
            << annotation.frames.size() << " annotated frames, " << masks << " masks\n";
  std::cout << "wrote " << dataset::writeDataset(annotation, positional[1], outFormat, writeOptions)
            << "\n";
  return 0;
}

const CommandRegistration registration{
    {"convert", kUsage,
     "Convert mask annotations between COCO, SA-1B, SA-V, PNG masks and the training layouts "
     "(YOLO, MOTS, DAVIS, SA-1B train/valid/test)",
     &runConvert}};

}  // namespace
}  // namespace masklet::cli
