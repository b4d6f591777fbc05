#include "cli/segment/segment_options.h"

#include "cli/shared/usage_error.h"
#include "model/precision.h"

namespace masklet::cli {

namespace fs = std::filesystem;

void declareSegmentOptions(OptionParser& parser, SegmentOptions& options) {
  parser.repeated("--images", options.images, "--images needs a folder or image files")
      .value("--out", options.out)
      .value("--format", options.format)
      .value("--checkpoint", options.checkpoint)
      .value("--config", options.config)
      .value("--precision", options.precision);
}

void checkSegmentOptions(const SegmentOptions& options, bool prompted) {
  if (options.images.empty()) throw UsageError("--images DIR|FILE... is required");
  if (prompted && options.prompts.empty())
    throw UsageError("--prompts P.json is required (format: see --help)");
  if (options.out.empty()) throw UsageError("--out PATH is required");
  if (options.checkpoint.empty())
    throw UsageError("--checkpoint FILE is required (a SAM 2 .pt file)");
  if (options.format != "sa1b" && options.format != "coco")
    throw UsageError("--format must be sa1b or coco, got '" + options.format + "'");
  parseOptionValue("--precision", [&] { return model::parsePrecisionRequest(options.precision); });
}

void writeSegmentOutput(const std::vector<dataset::AnnotatedImage>& annotated,
                        const SegmentOptions& options) {
  const fs::path out(options.out);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  if (options.format == "sa1b")
    dataset::writeSa1bImages(annotated, out);
  else
    dataset::writeCocoImages(annotated, out);
}

}  // namespace masklet::cli
