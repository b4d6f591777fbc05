#pragma once
// The prompts file of `masklet-cli segment` (JSON): an object whose keys are image file names
// (as given, or their base name) or "*" (every image), each a list of prompts; one mask per
// prompt:
//   {"*": [{"box": [x0, y0, x1, y1]}],
//    "cat.jpg": [{"points": [[x, y], ...], "labels": [1, 0, ...], "multimask": true}]}
// Coordinates are image pixels. "points" needs "labels" (1 positive, 0 negative); "box" may
// be combined with points; "multimask" (default false) keeps the best of three candidates.
#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace masklet::cli {

struct SegmentPrompt {
  std::vector<std::array<float, 2>> points;
  std::vector<int> labels;
  bool hasBox = false;
  std::array<float, 4> box{};
  bool multimask = false;
};

struct SegmentPrompts {
  std::vector<SegmentPrompt> everyImage;                      // "*"
  std::map<std::string, std::vector<SegmentPrompt>> byImage;  // key as written in the file

  // The prompts of an image: "*" first, then those under its path or its base name.
  std::vector<SegmentPrompt> forImage(const std::filesystem::path& image) const;
};

// Throws masklet::Error naming the file and place of a malformed entry.
SegmentPrompts readSegmentPrompts(const std::filesystem::path& path);

// The format description for --help.
const char* segmentPromptsHelp();

}  // namespace masklet::cli
