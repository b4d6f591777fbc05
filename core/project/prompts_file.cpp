#include "project/prompts_file.h"

#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <sstream>

#include "common/error.h"
#include "dataset/png_io.h"
#include "dataset/rle_json.h"

namespace fs = std::filesystem;

namespace masklet::project {
namespace {

using dataset::Json;

struct OpName {
  StepOp op;
  const char* name;
};
constexpr OpName kOps[] = {{StepOp::Points, "points"}, {StepOp::Box, "box"},
                           {StepOp::Mask, "mask"},     {StepOp::Propagate, "propagate"},
                           {StepOp::Remove, "remove"}, {StepOp::ClearFrame, "clear_frame"},
                           {StepOp::Reset, "reset"}};

std::string prefix(const std::string& where) {
  return where.empty() ? std::string() : where + " ";
}

// Errors inside one step: "<where> steps[i] (op): message".
struct StepContext {
  std::string head;
  [[noreturn]] void fail(const std::string& message) const { throw Error(head + ": " + message); }
};

const Json* optional(const Json& step, const char* key) {
  auto it = step.find(key);
  return it == step.end() || it->is_null() ? nullptr : &*it;
}

const Json& required(const Json& step, const char* key, const StepContext& at) {
  const Json* value = optional(step, key);
  if (value == nullptr) at.fail(std::string("needs \"") + key + "\"");
  return *value;
}

int integer(const Json& value, const char* key, const StepContext& at) {
  if (value.is_number_integer()) return value.get<int>();
  if (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>())
    return static_cast<int>(value.get<double>());
  at.fail(std::string("\"") + key + "\" must be an integer, got " + value.dump());
}

double number(const Json& value, const std::string& what, const StepContext& at) {
  if (!value.is_number()) at.fail(what + " must be a number, got " + value.dump());
  return value.get<double>();
}

bool boolean(const Json& value, const char* key, const StepContext& at) {
  if (!value.is_boolean()) at.fail(std::string("\"") + key + "\" must be true or false");
  return value.get<bool>();
}

std::vector<PromptPoint> readPoints(const Json& step, const StepContext& at) {
  const Json* points = optional(step, "points");
  const Json* labels = optional(step, "labels");
  if (points == nullptr && labels == nullptr) return {};
  if (points == nullptr || labels == nullptr)
    at.fail("\"points\" and \"labels\" go together (one label per point: 1 positive, 0 negative)");
  if (!points->is_array() || !labels->is_array())
    at.fail("\"points\" must be a list of [x, y] and \"labels\" a list of 0/1");
  if (points->size() != labels->size())
    at.fail(std::to_string(points->size()) + " points but " + std::to_string(labels->size()) +
            " labels");
  std::vector<PromptPoint> out;
  for (std::size_t i = 0; i < points->size(); ++i) {
    const Json& p = (*points)[i];
    const std::string name = "points[" + std::to_string(i) + "]";
    if (!p.is_array() || p.size() != 2) at.fail(name + " must be [x, y]");
    out.push_back({number(p[0], name + " x", at), number(p[1], name + " y", at),
                   integer((*labels)[i], "labels", at)});
  }
  return out;
}

Box readBox(const Json& step, const StepContext& at) {
  const Json& box = required(step, "box", at);
  if (!box.is_array() || box.size() != 4) at.fail("\"box\" must be [x0, y0, x1, y1]");
  Box out{};
  for (std::size_t i = 0; i < 4; ++i) out[i] = number(box[i], "\"box\" values", at);
  return out;
}

// Non-zero pixels of an 8-bit grayscale or palette PNG (palette indices), or of any image
// OpenCV reads (as grayscale).
cv::Mat readMaskImage(const fs::path& path, const StepContext& at) {
  if (!fs::is_regular_file(path)) at.fail("mask file " + path.string() + " does not exist");
  try {
    return dataset::readIndexedPng(path);
  } catch (const Error&) {
    const cv::Mat gray = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
    if (gray.empty()) at.fail("mask file " + path.string() + " is not a readable image");
    return gray;
  }
}

dataset::Rle readMask(const Json& step, const fs::path& baseDir, std::string& source,
                      const StepContext& at) {
  const Json& mask = required(step, "mask", at);
  if (mask.is_string()) {
    source = mask.get<std::string>();
    fs::path path(source);
    if (path.is_relative()) path = baseDir / path;
    return dataset::encodeMask(readMaskImage(path, at));
  }
  if (mask.is_object()) {
    source = "RLE";
    try {
      return dataset::rleFromJson(mask, "\"mask\"");
    } catch (const Error& e) {
      at.fail(e.what());
    }
  }
  at.fail("\"mask\" must be a PNG path or an RLE {\"size\": [h, w], \"counts\": ...}");
}

PromptsFileStep parseStep(const Json& json, std::size_t index, const std::string& where,
                          const fs::path& baseDir) {
  StepContext at{prefix(where) + "steps[" + std::to_string(index) + "]"};
  if (!json.is_object()) at.fail("a step must be an object with an \"op\"");
  const Json& opValue = required(json, "op", at);
  if (!opValue.is_string()) at.fail("\"op\" must be a string");
  const std::string opName = opValue.get<std::string>();
  PromptsFileStep step;
  step.index = index;
  bool known = false;
  for (const auto& entry : kOps)
    if (opName == entry.name) {
      step.op = entry.op;
      known = true;
    }
  if (!known)
    at.fail("unknown op \"" + opName +
            "\" (known: points, box, mask, propagate, remove, clear_frame, reset)");
  at.head += " (" + opName + ")";

  const bool onFrame = step.op == StepOp::Points || step.op == StepOp::Box ||
                       step.op == StepOp::Mask || step.op == StepOp::ClearFrame;
  if (onFrame) step.frame = integer(required(json, "frame", at), "frame", at);
  if (onFrame || step.op == StepOp::Remove)
    step.objectId = integer(required(json, "obj", at), "obj", at);
  switch (step.op) {
    case StepOp::Points:
      step.input.points = readPoints(json, at);
      if (step.input.points.empty()) at.fail("needs \"points\" and \"labels\"");
      if (optional(json, "box") != nullptr)
        at.fail("a box goes in a \"box\" step (with optional points)");
      if (const Json* clear = optional(json, "clear"))
        step.clearOldPoints = boolean(*clear, "clear", at);
      break;
    case StepOp::Box:
      step.input.box = readBox(json, at);
      step.input.points = readPoints(json, at);
      if (const Json* clear = optional(json, "clear"); clear && !boolean(*clear, "clear", at))
        at.fail("a box replaces the frame's earlier prompts (\"clear\": false is not possible)");
      break;
    case StepOp::Mask:
      step.input.mask = readMask(json, baseDir, step.maskSource, at);
      break;
    case StepOp::Propagate:
      if (const Json* start = optional(json, "start")) step.start = integer(*start, "start", at);
      if (const Json* max = optional(json, "max_frames"))
        step.maxFrames = integer(*max, "max_frames", at);
      if (const Json* reverse = optional(json, "reverse"))
        step.reverse = boolean(*reverse, "reverse", at);
      if (step.maxFrames && *step.maxFrames < 0)
        at.fail("\"max_frames\" must be 0 or more, got " + std::to_string(*step.maxFrames));
      break;
    case StepOp::Remove:
      if (const Json* strict = optional(json, "strict"))
        step.strict = boolean(*strict, "strict", at);
      break;
    case StepOp::ClearFrame:
    case StepOp::Reset:
      break;
  }
  return step;
}

std::string formatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string pointText(double x, double y) {
  return "(" + formatNumber(x) + ", " + formatNumber(y) + ")";
}

}  // namespace

const char* toString(StepOp op) {
  for (const auto& entry : kOps)
    if (entry.op == op) return entry.name;
  return "?";
}

std::string stepName(const PromptsFileStep& step) {
  return "steps[" + std::to_string(step.index) + "] (" + toString(step.op) + ")";
}

std::vector<PromptsFileStep> parsePromptsFile(const Json& json, const std::string& where,
                                              const fs::path& baseDir) {
  const Json* list = &json;
  if (json.is_object()) {
    auto it = json.find("steps");
    if (it == json.end())
      throw Error(prefix(where) + "has no \"steps\" list (a prompts file is a list of steps)");
    list = &*it;
  }
  if (!list->is_array())
    throw Error(prefix(where) + "must be a list of steps ({\"op\": \"points\", ...})");
  std::vector<PromptsFileStep> steps;
  for (std::size_t i = 0; i < list->size(); ++i)
    steps.push_back(parseStep((*list)[i], i, where, baseDir));
  if (steps.empty()) throw Error(prefix(where) + "has no steps");
  return steps;
}

std::vector<PromptsFileStep> readPromptsFile(const fs::path& path) {
  const Json json = dataset::readJsonFile(path);
  const fs::path base = path.has_parent_path() ? path.parent_path() : fs::path(".");
  return parsePromptsFile(json, path.string() + ":", base);
}

void validatePromptsFile(const std::vector<PromptsFileStep>& steps, const StepBounds& bounds,
                         const std::string& where) {
  const std::string frames =
      std::to_string(bounds.firstFrame) + "-" + std::to_string(bounds.lastFrame);
  const std::string size = std::to_string(bounds.width) + "x" + std::to_string(bounds.height);
  bool anyPrompt = false;
  for (const auto& step : steps) {
    const StepContext at{prefix(where) + stepName(step)};
    auto checkFrame = [&](int frame, const char* what) {
      if (frame < bounds.firstFrame || frame > bounds.lastFrame)
        at.fail(std::string(what) + " " + std::to_string(frame) +
                " is outside the frames being tracked (" + frames + ")");
    };
    auto inside = [&](double x, double y) {
      return std::isfinite(x) && std::isfinite(y) && x >= 0 && y >= 0 && x <= bounds.width &&
             y <= bounds.height;
    };
    if (step.frame >= 0 || step.op == StepOp::Points || step.op == StepOp::Box ||
        step.op == StepOp::Mask || step.op == StepOp::ClearFrame)
      checkFrame(step.frame, "frame");
    for (const auto& p : step.input.points) {
      if (!inside(p.x, p.y))
        at.fail("point " + pointText(p.x, p.y) + " is outside the frame (" + size + " pixels)");
      if (p.label != 0 && p.label != 1)
        at.fail("label " + std::to_string(p.label) + " must be 1 (positive) or 0 (negative)");
    }
    if (const auto& box = step.input.box) {
      const auto& b = *box;
      if (!inside(b[0], b[1]) || !inside(b[2], b[3]))
        at.fail("box " + pointText(b[0], b[1]) + "-" + pointText(b[2], b[3]) +
                " is outside the frame (" + size + " pixels)");
      if (b[0] > b[2] || b[1] > b[3])
        at.fail("box " + pointText(b[0], b[1]) + "-" + pointText(b[2], b[3]) +
                " must be the top-left then the bottom-right corner");
    }
    if (const auto& mask = step.input.mask;
        mask && (mask->width != bounds.width || mask->height != bounds.height))
      at.fail("mask " + step.maskSource + " is " + std::to_string(mask->width) + "x" +
              std::to_string(mask->height) + ", the video is " + size);
    if (step.op == StepOp::Points || step.op == StepOp::Box || step.op == StepOp::Mask)
      anyPrompt = true;
    if (step.op == StepOp::Reset) anyPrompt = false;
    if (step.op == StepOp::Propagate) {
      if (!anyPrompt) at.fail("nothing to track yet: give points, a box or a mask first");
      if (step.start) checkFrame(*step.start, "start frame");
    }
  }
}

const char* promptsFileHelp() {
  return "Prompts file: a JSON list of steps (the fixtures' session.json \"steps\"), run in "
         "order:\n"
         "  {\"op\": \"points\", \"frame\": F, \"obj\": ID, \"points\": [[x, y]], \"labels\": "
         "[1],\n"
         "   \"clear\": true}                 (clear false: add to the frame's earlier points)\n"
         "  {\"op\": \"box\", \"frame\": F, \"obj\": ID, \"box\": [x0, y0, x1, y1]}\n"
         "  {\"op\": \"mask\", \"frame\": F, \"obj\": ID, \"mask\": \"m.png\" or {\"size\": [h, "
         "w],\n"
         "   \"counts\": \"...\"}}              (PNG: non-zero = object, the video's size)\n"
         "  {\"op\": \"propagate\", \"start\": F, \"reverse\": false, \"max_frames\": N}\n"
         "  {\"op\": \"remove\", \"obj\": ID}   {\"op\": \"clear_frame\", \"frame\": F, \"obj\": "
         "ID}\n"
         "  {\"op\": \"reset\"}\n"
         "Coordinates are video pixels; frames are video frame indices; mask paths are relative\n"
         "to the prompts file.\n";
}

}  // namespace masklet::project
