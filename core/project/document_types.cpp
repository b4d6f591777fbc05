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
  return samePoints(points, other.points) && box == other.box && mask == other.mask &&
         clearOld == other.clearOld;
}

namespace {

// The index of the last input that started over (0 when none did).
size_t effectiveStart(const std::vector<PromptInput>& inputs) {
  size_t start = 0;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].startsOver()) start = i;
  return start;
}

}  // namespace

std::vector<PromptPoint> FramePrompts::allPoints() const {
  std::vector<PromptPoint> points;
  for (size_t i = effectiveStart(inputs); i < inputs.size(); ++i)
    points.insert(points.end(), inputs[i].points.begin(), inputs[i].points.end());
  return points;
}

std::optional<Box> FramePrompts::box() const {
  if (inputs.empty()) return std::nullopt;
  return inputs[effectiveStart(inputs)].box;
}

bool FramePrompts::hasMask() const {
  return !inputs.empty() && inputs[effectiveStart(inputs)].mask.has_value();
}

FramePrompts FramePrompts::with(const PromptInput& input) const {
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

std::pair<int, int> VideoRef::frameSize(int frame) const {
  if (frame >= 0 && size_t(frame) < images.size())
    return {images[size_t(frame)].width, images[size_t(frame)].height};
  return {width, height};
}

bool VideoRef::operator==(const VideoRef& other) const {
  return std::tie(path, name, width, height, frameCount, fps, fingerprint, images) ==
         std::tie(other.path, other.name, other.width, other.height, other.frameCount, other.fps,
                  other.fingerprint, other.images);
}

bool DocumentState::operator==(const DocumentState& other) const {
  if (categories.size() != other.categories.size()) return false;
  for (size_t i = 0; i < categories.size(); ++i) {
    const auto& a = categories[i];
    const auto& b = other.categories[i];
    if (a.id != b.id || a.name != b.name || a.supercategory != b.supercategory) return false;
  }
  return video == other.video && objects == other.objects && nextObjectId == other.nextObjectId &&
         prompts == other.prompts && masks == other.masks && checked == other.checked;
}

}  // namespace masklet::project
