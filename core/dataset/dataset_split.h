#pragma once
// Train / valid / test splits of an export, the same for the same seed and input. For video the
// unit is a chunk of neighbouring annotated frames (near-identical neighbours never land on both
// sides); for image sets it is one image. The plan is written down as splits.json.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

enum class Split { Train = 0, Valid = 1, Test = 2 };
constexpr std::array<Split, 3> kSplits{Split::Train, Split::Valid, Split::Test};

const char* splitName(Split split);  // "train", "valid", "test"

struct SplitOptions {
  // Shares of the units per split; any non-negative numbers (80/10/10 or 0.8/0.1/0.1).
  std::array<double, 3> fractions{1.0, 0.0, 0.0};
  std::uint32_t seed = 0;
  int chunkFrames = 0;  // frames per video chunk; 0: about 20 chunks per video (at least 1 frame)
  bool isSplit() const { return fractions[1] > 0 || fractions[2] > 0; }
};

// Throws masklet::Error for negative fractions, all zero, or chunkFrames < 0.
void checkSplitOptions(const SplitOptions& options);
// Parses "80/10/10" or "0.8,0.1,0.1" (two numbers: no test split). Throws masklet::Error.
std::array<double, 3> parseSplitFractions(const std::string& text);

// Contiguous annotated frames that go to one split together.
struct FrameChunk {
  Split split = Split::Train;
  std::vector<int> frames;  // ascending
};

// The chunks of the video's annotated frames in frame order, each assigned a split. Without a
// split (only train) the whole video is one chunk.
std::vector<FrameChunk> planVideoSplit(const VideoAnnotation& annotation,
                                       const SplitOptions& options);
// One split per item (e.g. per image of an image set), in item order.
std::vector<Split> planItemSplit(std::size_t count, const SplitOptions& options);

// What the export dialog previews: images and instances (non-empty masks) per split.
struct SplitCount {
  int images = 0;
  int instances = 0;
};
std::array<SplitCount, 3> countSplit(const VideoAnnotation& annotation,
                                     const std::vector<FrameChunk>& chunks);

// {"video", "seed", "fractions", "chunk_frames", "train": [frames], "valid": [..], "test": [..]}.
Json splitsToJson(const VideoAnnotation& annotation, const SplitOptions& options,
                  const std::vector<FrameChunk>& chunks);

}  // namespace masklet::dataset
