#pragma once
// A prompts file for headless tracking (`masklet-cli track`, batch jobs, fuzzers): a JSON list
// of steps in the schema of the parity fixtures' session.json `steps` (an object with a
// "steps" list, e.g. a fixture's session.json itself, is read too), run in order on one video:
//   {"op": "points", "frame": F, "obj": ID, "points": [[x, y], ...], "labels": [1, 0, ...],
//    "clear": true}
//   {"op": "box", "frame": F, "obj": ID, "box": [x0, y0, x1, y1], "points"/"labels" optional}
//   {"op": "mask", "frame": F, "obj": ID, "mask": "mask.png" | {"size": [h, w], "counts": ...}}
//   {"op": "propagate", "start": F, "reverse": false, "max_frames": N}   (all optional)
//   {"op": "remove", "obj": ID}
//   {"op": "clear_frame", "frame": F, "obj": ID}
//   {"op": "reset"}
// Coordinates are video pixels; a mask PNG (8-bit grayscale or palette, non-zero = object,
// the video's size) is relative to the prompts file's folder. Parsing checks the shape of each
// step; validation checks it against the video (frame range, points inside the frame, mask
// size). Every error is one line that names the step ("steps[3] (points): ...").
// No Qt, no model: the GUI, the CLI and fuzzers share it.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dataset/json_util.h"
#include "project/document_types.h"

namespace masklet::project {

enum class StepOp { Points, Box, Mask, Propagate, Remove, ClearFrame, Reset };
const char* toString(StepOp op);  // the file's name: "points", "clear_frame", ...

struct PromptsFileStep {
  StepOp op = StepOp::Points;
  std::size_t index = 0;  // place in the file's list
  int frame = -1;         // points, box, mask, clear_frame
  int objectId = 0;       // points, box, mask, remove, clear_frame
  // points / box / mask: the one engine call (points with labels, box, or a whole mask).
  PromptInput input;
  // points: replace the frame's earlier points (true, the default) or add to them.
  bool clearOldPoints = true;
  std::string maskSource;  // mask: the PNG path as written, or "RLE"
  // propagate
  std::optional<int> start;
  std::optional<int> maxFrames;
  bool reverse = false;
  // remove: refuse an unknown object instead of ignoring it
  bool strict = false;
};

// "steps[3] (points)": how messages name a step.
std::string stepName(const PromptsFileStep& step);

// Throws masklet::Error "<where> steps[i] (op): ..." for a malformed step (unknown op, missing
// or mistyped field, missing or unreadable mask file). `baseDir` resolves mask PNG paths.
std::vector<PromptsFileStep> parsePromptsFile(const dataset::Json& json, const std::string& where,
                                              const std::filesystem::path& baseDir);
// Reads and parses a prompts file (errors start with its path).
std::vector<PromptsFileStep> readPromptsFile(const std::filesystem::path& path);

// What a step list is checked against: the video's size and the frames it may use.
struct StepBounds {
  int width = 0;
  int height = 0;
  int firstFrame = 0;  // inclusive
  int lastFrame = -1;  // inclusive
};

// Throws masklet::Error "<where> steps[i] (op): ..." for the first step that cannot run on this
// video: a frame outside [firstFrame, lastFrame], a point or box outside the frame, labels that
// are not 0/1, a mask of another size, propagate before any prompt.
void validatePromptsFile(const std::vector<PromptsFileStep>& steps, const StepBounds& bounds,
                         const std::string& where);

// The format description for --help.
const char* promptsFileHelp();

}  // namespace masklet::project
