#include "cli/segment/segment_prompts.h"

#include "common/error.h"
#include "dataset/json_util.h"

namespace masklet::cli {
namespace {

using dataset::Json;

float number(const Json& value, const std::string& where) {
  return static_cast<float>(dataset::asNumber(value, where));
}

SegmentPrompt parsePrompt(const Json& entry, const std::string& where) {
  if (!entry.is_object()) throw Error(where + ": a prompt is an object {points, labels, box}");
  SegmentPrompt prompt;
  for (const auto& [key, value] : entry.items()) {
    if (key != "points" && key != "labels" && key != "box" && key != "multimask")
      throw Error(where + ": unknown key \"" + key + "\" (known: points, labels, box, multimask)");
  }
  if (const Json* points = dataset::optionalMember(entry, "points", where)) {
    const std::string at = dataset::field(where, "points");
    const Json& list = dataset::asArray(*points, at);
    for (size_t i = 0; i < list.size(); ++i) {
      const Json& xy = dataset::asArray(list[i], dataset::item(at, i));
      if (xy.size() != 2) throw Error(dataset::item(at, i) + ": a point is [x, y]");
      prompt.points.push_back(
          {number(xy[0], dataset::item(at, i)), number(xy[1], dataset::item(at, i))});
    }
  }
  if (const Json* labels = dataset::optionalMember(entry, "labels", where)) {
    const std::string at = dataset::field(where, "labels");
    const Json& list = dataset::asArray(*labels, at);
    for (size_t i = 0; i < list.size(); ++i) {
      const auto label = dataset::asInteger(list[i], dataset::item(at, i));
      if (label != 0 && label != 1)
        throw Error(dataset::item(at, i) + ": a label is 1 (positive) or 0 (negative)");
      prompt.labels.push_back(static_cast<int>(label));
    }
  }
  if (prompt.points.size() != prompt.labels.size())
    throw Error(where + ": " + std::to_string(prompt.points.size()) + " points but " +
                std::to_string(prompt.labels.size()) + " labels; give one label per point");
  if (const Json* box = dataset::optionalMember(entry, "box", where)) {
    const std::string at = dataset::field(where, "box");
    const Json& list = dataset::asArray(*box, at);
    if (list.size() != 4) throw Error(at + ": a box is [x0, y0, x1, y1]");
    for (size_t k = 0; k < 4; ++k) prompt.box[k] = number(list[k], dataset::item(at, k));
    prompt.hasBox = true;
  }
  if (prompt.points.empty() && !prompt.hasBox)
    throw Error(where + ": a prompt needs points (with labels) or a box");
  if (const Json* multimask = dataset::optionalMember(entry, "multimask", where)) {
    if (!multimask->is_boolean())
      throw Error(dataset::field(where, "multimask") + ": expected true or false");
    prompt.multimask = multimask->get<bool>();
  }
  return prompt;
}

}  // namespace

std::vector<SegmentPrompt> SegmentPrompts::forImage(const std::filesystem::path& image) const {
  std::vector<SegmentPrompt> out = everyImage;
  for (const std::string& key : {image.string(), image.filename().string()}) {
    auto it = byImage.find(key);
    if (it == byImage.end()) continue;
    out.insert(out.end(), it->second.begin(), it->second.end());
    break;
  }
  return out;
}

SegmentPrompts readSegmentPrompts(const std::filesystem::path& path) {
  const Json root = dataset::readJsonFile(path);
  const std::string where = path.string();
  if (!root.is_object())
    throw Error(where + ": expected an object {\"IMAGE or *\": [prompts...]} (see segment --help)");
  SegmentPrompts prompts;
  for (const auto& [key, value] : root.items()) {
    const std::string at = dataset::field(where, key.c_str());
    const Json& list = dataset::asArray(value, at);
    auto& target = key == "*" ? prompts.everyImage : prompts.byImage[key];
    for (size_t i = 0; i < list.size(); ++i)
      target.push_back(parsePrompt(list[i], dataset::item(at, i)));
  }
  return prompts;
}

const char* segmentPromptsHelp() {
  return "Prompts file (JSON): keys are image file names (or \"*\" for every image), each a\n"
         "list of prompts, one mask per prompt; coordinates in image pixels:\n"
         "  {\"*\": [{\"box\": [x0, y0, x1, y1]}],\n"
         "   \"cat.jpg\": [{\"points\": [[x, y], ...], \"labels\": [1, 0, ...],\n"
         "                \"box\": [x0, y0, x1, y1], \"multimask\": true}]}\n"
         "labels: 1 positive, 0 negative; \"box\" may be combined with points; \"multimask\"\n"
         "(default false) keeps the best of the three candidates by predicted IoU.\n";
}

}  // namespace masklet::cli
