#include "project/document_types.h"

#include <tuple>

#include "common/error.h"

namespace masklet::project {

namespace {

bool samePoints(const std::vector<PromptPoint>& a, const std::vector<PromptPoint>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].label != b[i].label) return false;
  return true;
}

}  // namespace

bool PromptInput::operator==(const PromptInput& other) const {
  return samePoints(points, other.points) && box == other.box && mask == other.mask;
}

std::vector<PromptPoint> FramePrompts::allPoints() const {
  std::vector<PromptPoint> points;
  for (const auto& input : inputs)
    points.insert(points.end(), input.points.begin(), input.points.end());
  return points;
}

const std::optional<Box>& FramePrompts::box() const {
  static const std::optional<Box> none;
  return inputs.empty() ? none : inputs.front().box;
}

bool FramePrompts::hasMask() const {
  for (const auto& input : inputs)
    if (input.mask) return true;
  return false;
}

FramePrompts FramePrompts::with(const PromptInput& input) const {
  // A box or a mask replaces the frame's earlier inputs (add_new_points_or_box with a box
  // clears old points; add_new_mask replaces the frame's inputs).
  if (input.box || input.mask) return FramePrompts{{input}};
  FramePrompts out = *this;
  out.inputs.push_back(input);
  return out;
}

const char* toString(MaskSource source) {
  switch (source) {
    case MaskSource::Prompted:
      return "prompted";
    case MaskSource::Tracked:
      return "tracked";
    case MaskSource::Edited:
      return "edited";
    case MaskSource::Imported:
      return "imported";
  }
  return "tracked";
}

MaskSource maskSourceFromString(const std::string& name) {
  for (const auto source :
       {MaskSource::Prompted, MaskSource::Tracked, MaskSource::Edited, MaskSource::Imported})
    if (name == toString(source)) return source;
  throw Error("unknown mask source \"" + name +
              "\" (expected prompted, tracked, edited or imported)");
}

bool ObjectMask::operator==(const ObjectMask& other) const {
  return rle == other.rle && source == other.source && quality == other.quality;
}

bool ObjectInfo::operator==(const ObjectInfo& other) const {
  return std::tie(id, name, color, categoryId, visible) ==
         std::tie(other.id, other.name, other.color, other.categoryId, other.visible);
}

bool VideoRef::operator==(const VideoRef& other) const {
  return std::tie(path, name, width, height, frameCount, fps, fingerprint) ==
         std::tie(other.path, other.name, other.width, other.height, other.frameCount, other.fps,
                  other.fingerprint);
}

bool DocumentState::operator==(const DocumentState& other) const {
  if (categories.size() != other.categories.size()) return false;
  for (size_t i = 0; i < categories.size(); ++i) {
    const auto& a = categories[i];
    const auto& b = other.categories[i];
    if (a.id != b.id || a.name != b.name || a.supercategory != b.supercategory) return false;
  }
  return video == other.video && objects == other.objects && nextObjectId == other.nextObjectId &&
         prompts == other.prompts && masks == other.masks;
}

}  // namespace masklet::project
