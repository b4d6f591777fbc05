#pragma once
// What both modes of `masklet-cli segment` (prompted and --everything) read from the command
// line and how they write their result: the images, the model, the output file or folder.
#include <filesystem>
#include <string>
#include <vector>

#include "cli/shared/option_parser.h"
#include "dataset/image_set_writer.h"

namespace masklet::cli {

struct SegmentOptions {
  std::vector<std::string> images;
  std::string prompts;  // the prompted mode's only
  std::string out, format = "sa1b", checkpoint, config, precision = "auto";
};

// Declares --images, --out, --format, --checkpoint, --config and --precision on `parser`.
void declareSegmentOptions(OptionParser& parser, SegmentOptions& options);
// The checks of a parsed command line, in the order users meet them; `prompted` also needs
// --prompts. Throws UsageError.
void checkSegmentOptions(const SegmentOptions& options, bool prompted);
// Writes the images' masks to options.out (sa1b: a folder of JSON files; coco: one file),
// creating its parent folder.
void writeSegmentOutput(const std::vector<dataset::AnnotatedImage>& annotated,
                        const SegmentOptions& options);

}  // namespace masklet::cli
