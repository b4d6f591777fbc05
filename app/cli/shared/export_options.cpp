#include "cli/shared/export_options.h"

#include <cstdlib>

#include "cli/shared/usage_error.h"

namespace masklet::cli {

bool isExportFlag(const std::string& flag) {
  for (const char* known : {"--split", "--seed", "--chunk", "--image-format", "--jpeg-quality",
                            "--tolerance", "--davis-resolution"})
    if (flag == known) return true;
  return false;
}

void applyExportFlag(const std::string& flag, const std::string& value,
                     dataset::DatasetWriteOptions& options) {
  if (flag == "--split") {
    options.split.fractions =
        parseOptionValue(flag, [&] { return dataset::parseSplitFractions(value); });
  } else if (flag == "--seed") {
    options.split.seed = static_cast<std::uint32_t>(parseWholeNumber(flag, value));
  } else if (flag == "--chunk") {
    options.split.chunkFrames = parseWholeNumber(flag, value, 1);
  } else if (flag == "--image-format") {
    if (value != "jpg" && value != "png") throw UsageError(flag + " must be jpg or png");
    options.images.extension = value;
  } else if (flag == "--jpeg-quality") {
    options.images.jpegQuality = parseWholeNumber(flag, value, 1);
    if (options.images.jpegQuality > 100) throw UsageError(flag + " must be 1..100");
  } else if (flag == "--tolerance") {
    char* end = nullptr;
    options.polygonTolerance = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(options.polygonTolerance >= 0))
      throw UsageError(flag + " must be a number of pixels, 0 or more, got '" + value + "'");
  } else if (flag == "--davis-resolution") {
    if (value != "480p" && value != "full") throw UsageError(flag + " must be 480p or full");
    options.davisFullResolution = value == "full";
  } else {
    throw UsageError("unknown option " + flag);
  }
}

const char* exportFlagsHelp() {
  return "Training layouts (yolo, mots, mots-png, davis, sa1b-train):\n"
         "  --split T/V/E      train/valid/test shares, e.g. 80/10/10 (default: all train);\n"
         "                     video frames go in chunks of neighbours, listed in splits.json\n"
         "  --seed N           the split's seed (default 0; same seed, same split)\n"
         "  --chunk N          frames per chunk (default: about 20 chunks per video)\n"
         "  --image-format F   frame images as jpg (default) or png\n"
         "  --jpeg-quality Q   1..100 (default 95)\n"
         "  --tolerance PX     YOLO polygon simplification in pixels (default 1; 0: exact\n"
         "                     outline)\n"
         "  --davis-resolution 480p (default) or full\n";
}

}  // namespace masklet::cli
