#include "project/project_file.h"

#include <cstdio>

#include "common/error.h"
#include "dataset/json_util.h"
#include "dataset/rle_json.h"
#include "project/object_palette.h"

namespace masklet::project {

using dataset::Json;

namespace {

using dataset::asArray;
using dataset::asInteger;
using dataset::asNumber;
using dataset::asString;
using dataset::field;
using dataset::item;
using dataset::member;
using dataset::optionalMember;

Json pointsToJson(const std::vector<PromptPoint>& points) {
  Json out = Json::array();
  for (const auto& point : points) out.push_back(Json::array({point.x, point.y, point.label}));
  return out;
}

std::vector<PromptPoint> pointsFromJson(const Json& value, const std::string& where) {
  std::vector<PromptPoint> points;
  const Json& list = asArray(value, where);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = item(where, i);
    const Json& triple = asArray(list[i], at);
    if (triple.size() != 3) throw Error(at + ": expected [x, y, label]");
    PromptPoint point;
    point.x = asNumber(triple[0], at);
    point.y = asNumber(triple[1], at);
    point.label = int(asInteger(triple[2], at));
    if (point.label != 0 && point.label != 1) throw Error(at + ": label must be 0 or 1");
    points.push_back(point);
  }
  return points;
}

Box boxFromJson(const Json& value, const std::string& where) {
  const Json& values = asArray(value, where);
  if (values.size() != 4) throw Error(where + ": expected [x0, y0, x1, y1]");
  Box box{};
  for (size_t k = 0; k < 4; ++k) box[k] = asNumber(values[k], where);
  return box;
}

std::string colorText(uint32_t color) {
  char text[8];
  std::snprintf(text, sizeof text, "#%06x", unsigned(color & 0xffffffu));
  return text;
}

uint32_t colorFromText(const std::string& text, const std::string& where) {
  if (text.size() != 7 || text[0] != '#') throw Error(where + ": expected a colour like #1f77b4");
  try {
    size_t used = 0;
    const unsigned long value = std::stoul(text.substr(1), &used, 16);
    if (used != 6) throw Error(where + ": expected a colour like #1f77b4");
    return uint32_t(value);
  } catch (const std::logic_error&) {
    throw Error(where + ": expected a colour like #1f77b4");
  }
}

int frameIndex(const Json& value, const std::string& where, const VideoRef& video) {
  const int frame = int(asInteger(value, where));
  if (frame < 0 || (video.frameCount > 0 && frame >= video.frameCount))
    throw Error(where + ": frame " + std::to_string(frame) + " is outside the video (" +
                std::to_string(video.frameCount) + " frames)");
  return frame;
}

// A mask of frame `frame`: the video's size, or in image mode that image's.
dataset::Rle maskRle(const Json& value, const std::string& where, const VideoRef& video,
                     int frame) {
  auto rle = dataset::rleFromJson(value, where);
  const auto [width, height] = video.frameSize(frame);
  if (rle.height != height || rle.width != width)
    throw Error(where + ": mask is " + std::to_string(rle.width) + "x" +
                std::to_string(rle.height) + ", the " + (video.isImageSet() ? "image " : "video ") +
                std::to_string(width) + "x" + std::to_string(height));
  return rle;
}

// Image mode's list of images (optional field of format 2).
void readImages(const Json& video, const std::string& at, VideoRef& ref) {
  const Json* images = optionalMember(video, "images", at);
  if (!images) return;
  const std::string where = field(at, "images");
  const Json& list = asArray(*images, where);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string imageAt = item(where, i);
    ImageRef image;
    image.name = asString(member(list[i], "name", imageAt), field(imageAt, "name"));
    image.width = int(asInteger(member(list[i], "width", imageAt), field(imageAt, "width")));
    image.height = int(asInteger(member(list[i], "height", imageAt), field(imageAt, "height")));
    if (image.width <= 0 || image.height <= 0)
      throw Error(imageAt + ": width and height must be positive");
    ref.images.push_back(std::move(image));
  }
  if (!ref.images.empty() && int(ref.images.size()) != ref.frameCount)
    throw Error(where + ": " + std::to_string(ref.images.size()) + " images but frame_count " +
                std::to_string(ref.frameCount));
}

int knownObject(const DocumentState& state, const Json& value, const std::string& where) {
  const int id = int(asInteger(value, where));
  for (const auto& object : state.objects)
    if (object.id == id) return id;
  throw Error(where + ": unknown object " + std::to_string(id));
}

void readVideo(const Json& root, const std::string& file, int version, DocumentState& state) {
  const std::string at = file + ": video";
  const Json& video = member(root, "video", file);
  auto& ref = state.video;
  ref.path = asString(version == 1 ? member(root, "video_path", file) : member(video, "path", at),
                      version == 1 ? field(file, "video_path") : field(at, "path"));
  ref.name = asString(member(video, "name", at), field(at, "name"));
  ref.width = int(asInteger(member(video, "width", at), field(at, "width")));
  ref.height = int(asInteger(member(video, "height", at), field(at, "height")));
  ref.frameCount = int(asInteger(member(video, "frame_count", at), field(at, "frame_count")));
  ref.fps = asNumber(member(video, "fps", at), field(at, "fps"));
  if (const Json* fingerprint = optionalMember(video, "fingerprint", at))
    ref.fingerprint = asString(*fingerprint, field(at, "fingerprint"));
  if (ref.width <= 0 || ref.height <= 0) throw Error(at + ": width and height must be positive");
  readImages(video, at, ref);
}

void readCategories(const Json& root, const std::string& file, DocumentState& state) {
  const std::string where = file + ": categories";
  const Json& categories = asArray(member(root, "categories", file), where);
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string at = item(where, i);
    dataset::Category category;
    category.id = int(asInteger(member(categories[i], "id", at), field(at, "id")));
    category.name = asString(member(categories[i], "name", at), field(at, "name"));
    if (const Json* super = optionalMember(categories[i], "supercategory", at))
      category.supercategory = asString(*super, field(at, "supercategory"));
    for (const auto& other : state.categories)
      if (other.id == category.id)
        throw Error(at + ": duplicate category id " + std::to_string(category.id));
    state.categories.push_back(category);
  }
}

void readObjects(const Json& root, const std::string& file, DocumentState& state) {
  const std::string where = file + ": objects";
  const Json& objects = asArray(member(root, "objects", file), where);
  for (size_t i = 0; i < objects.size(); ++i) {
    const std::string at = item(where, i);
    ObjectInfo object;
    object.id = int(asInteger(member(objects[i], "id", at), field(at, "id")));
    if (object.id <= 0) throw Error(field(at, "id") + ": object ids start at 1");
    object.name = asString(member(objects[i], "name", at), field(at, "name"));
    object.categoryId =
        int(asInteger(member(objects[i], "category_id", at), field(at, "category_id")));
    object.color = paletteColor(object.id);
    if (const Json* color = optionalMember(objects[i], "color", at))
      object.color = colorFromText(asString(*color, field(at, "color")), field(at, "color"));
    if (const Json* visible = optionalMember(objects[i], "visible", at)) {
      if (!visible->is_boolean()) throw Error(field(at, "visible") + ": expected true or false");
      object.visible = visible->get<bool>();
    }
    for (const auto& other : state.objects)
      if (other.id == object.id)
        throw Error(at + ": duplicate object id " + std::to_string(object.id));
    bool known = false;
    for (const auto& category : state.categories) known = known || category.id == object.categoryId;
    if (!known)
      throw Error(field(at, "category_id") + ": unknown category " +
                  std::to_string(object.categoryId));
    state.objects.push_back(object);
    state.nextObjectId = std::max(state.nextObjectId, object.id + 1);
  }
  if (const Json* next = optionalMember(root, "next_object_id", file))
    state.nextObjectId =
        std::max(state.nextObjectId, int(asInteger(*next, field(file, "next_object_id"))));
}

void readMasks(const Json& root, const std::string& file, int version, DocumentState& state) {
  const std::string where = file + ": frames";
  const Json& frames = asArray(member(root, "frames", file), where);
  for (size_t i = 0; i < frames.size(); ++i) {
    const std::string at = item(where, i);
    const int frame = frameIndex(member(frames[i], "frame", at), field(at, "frame"), state.video);
    const std::string masksAt = field(at, "masks");
    const Json& masks = asArray(member(frames[i], "masks", at), masksAt);
    for (size_t j = 0; j < masks.size(); ++j) {
      const std::string maskAt = item(masksAt, j);
      const int objectId =
          knownObject(state, member(masks[j], "object", maskAt), field(maskAt, "object"));
      ObjectMask mask;
      mask.rle = maskRle(member(masks[j], "rle", maskAt), field(maskAt, "rle"), state.video, frame);
      if (const Json* iou = optionalMember(masks[j], "predicted_iou", maskAt))
        mask.quality.predictedIou = asNumber(*iou, field(maskAt, "predicted_iou"));
      if (const Json* score = optionalMember(masks[j], "object_score", maskAt))
        mask.quality.objectScore = asNumber(*score, field(maskAt, "object_score"));
      if (version == 1) {
        // Format 1 knew only "edited"; prompted frames are marked once the prompts are read.
        mask.source = masks[j].value("edited", false) ? MaskSource::Edited : MaskSource::Tracked;
      } else {
        const std::string source =
            asString(member(masks[j], "source", maskAt), field(maskAt, "source"));
        try {
          mask.source = maskSourceFromString(source);
        } catch (const Error& error) {
          throw Error(field(maskAt, "source") + ": " + error.what());
        }
      }
      if (!state.masks.emplace(FrameObjectKey{frame, objectId}, std::move(mask)).second)
        throw Error(maskAt + ": a second mask of object " + std::to_string(objectId) +
                    " on frame " + std::to_string(frame));
    }
  }
}

PromptInput inputFromJson(const Json& value, const std::string& at, const VideoRef& video,
                          int frame) {
  PromptInput input;
  if (const Json* points = optionalMember(value, "points", at))
    input.points = pointsFromJson(*points, field(at, "points"));
  if (const Json* box = optionalMember(value, "box", at))
    input.box = boxFromJson(*box, field(at, "box"));
  if (const Json* mask = optionalMember(value, "mask", at))
    input.mask = maskRle(*mask, field(at, "mask"), video, frame);
  if (const Json* clear = optionalMember(value, "clear", at)) {
    if (!clear->is_boolean()) throw Error(field(at, "clear") + ": expected true or false");
    input.clearOld = clear->get<bool>();
  }
  if (input.points.empty() && !input.box && !input.mask)
    throw Error(at + ": an input needs points, a box or a mask");
  return input;
}

void readPrompts(const Json& root, const std::string& file, int version, DocumentState& state) {
  const std::string where = file + ": prompts";
  const Json& prompts = asArray(member(root, "prompts", file), where);
  for (size_t i = 0; i < prompts.size(); ++i) {
    const std::string at = item(where, i);
    const int frame = frameIndex(member(prompts[i], "frame", at), field(at, "frame"), state.video);
    const int objectId = knownObject(state, member(prompts[i], "object", at), field(at, "object"));
    FramePrompts framePrompts;
    if (version == 1) {
      // Format 1 kept the union of a frame's points and its box; Masklet 0.1 gave the tracker
      // the box first, then all points at once. Replaying that order reproduces its masks.
      PromptInput points;
      points.points = pointsFromJson(member(prompts[i], "points", at), field(at, "points"));
      if (const Json* box = optionalMember(prompts[i], "box", at)) {
        PromptInput boxInput;
        boxInput.box = boxFromJson(*box, field(at, "box"));
        framePrompts.inputs.push_back(boxInput);
      }
      if (!points.points.empty()) framePrompts.inputs.push_back(points);
    } else {
      const std::string inputsAt = field(at, "inputs");
      const Json& inputs = asArray(member(prompts[i], "inputs", at), inputsAt);
      for (size_t k = 0; k < inputs.size(); ++k)
        framePrompts.inputs.push_back(
            inputFromJson(inputs[k], item(inputsAt, k), state.video, frame));
    }
    if (framePrompts.empty()) continue;
    const FrameObjectKey key{frame, objectId};
    if (!state.prompts.emplace(key, std::move(framePrompts)).second)
      throw Error(at + ": object " + std::to_string(objectId) + " has prompts on frame " +
                  std::to_string(frame) + " twice");
    if (version == 1) {
      auto mask = state.masks.find(key);
      if (mask != state.masks.end() && mask->second.source == MaskSource::Tracked)
        mask->second.source = MaskSource::Prompted;
    }
  }
}

// Review marks (optional: files without them, and format 1, have none). Each names a mask.
void readChecked(const Json& root, const std::string& file, DocumentState& state) {
  const Json* checked = optionalMember(root, "checked", file);
  if (checked == nullptr) return;
  const std::string where = file + ": checked";
  const Json& marks = asArray(*checked, where);
  for (size_t i = 0; i < marks.size(); ++i) {
    const std::string at = item(where, i);
    const int frame = frameIndex(member(marks[i], "frame", at), field(at, "frame"), state.video);
    const int objectId = knownObject(state, member(marks[i], "object", at), field(at, "object"));
    if (!state.masks.count({frame, objectId}))
      throw Error(at + ": object " + std::to_string(objectId) + " has no mask on frame " +
                  std::to_string(frame) + " to be checked");
    state.checked.insert({frame, objectId});
  }
}

}  // namespace

void saveDocument(const DocumentState& state, const std::filesystem::path& path) {
  Json root;
  root["format"] = "masklet-project";
  root["version"] = kProjectFormatVersion;
  const auto& video = state.video;
  root["video"] = {{"path", video.path},
                   {"name", video.name},
                   {"width", video.width},
                   {"height", video.height},
                   {"frame_count", video.frameCount},
                   {"fps", video.fps},
                   {"fingerprint", video.fingerprint}};
  if (video.isImageSet()) {
    Json images = Json::array();
    for (const auto& image : video.images)
      images.push_back({{"name", image.name}, {"width", image.width}, {"height", image.height}});
    root["video"]["images"] = std::move(images);
  }
  Json categories = Json::array();
  for (const auto& category : state.categories) {
    Json entry = {{"id", category.id}, {"name", category.name}};
    if (!category.supercategory.empty()) entry["supercategory"] = category.supercategory;
    categories.push_back(entry);
  }
  root["categories"] = categories;
  root["next_object_id"] = state.nextObjectId;
  Json objects = Json::array();
  for (const auto& object : state.objects)
    objects.push_back({{"id", object.id},
                       {"name", object.name},
                       {"category_id", object.categoryId},
                       {"color", colorText(object.color)},
                       {"visible", object.visible}});
  root["objects"] = objects;
  Json frames = Json::array();
  for (auto it = state.masks.begin(); it != state.masks.end();) {
    const int frame = it->first.first;
    Json entries = Json::array();
    for (; it != state.masks.end() && it->first.first == frame; ++it) {
      const ObjectMask& mask = it->second;
      Json entry = {{"object", it->first.second},
                    {"source", toString(mask.source)},
                    {"rle", dataset::rleToJson(mask.rle)}};
      if (mask.quality.objectScore) entry["object_score"] = *mask.quality.objectScore;
      if (mask.quality.predictedIou) entry["predicted_iou"] = *mask.quality.predictedIou;
      entries.push_back(entry);
    }
    frames.push_back({{"frame", frame}, {"masks", entries}});
  }
  root["frames"] = frames;
  Json prompts = Json::array();
  for (const auto& [key, framePrompts] : state.prompts) {
    Json inputs = Json::array();
    for (const auto& input : framePrompts.inputs) {
      Json entry = Json::object();
      if (!input.points.empty()) entry["points"] = pointsToJson(input.points);
      if (input.box) entry["box"] = *input.box;
      if (input.mask) entry["mask"] = dataset::rleToJson(*input.mask);
      if (input.clearOld) entry["clear"] = true;
      inputs.push_back(entry);
    }
    prompts.push_back({{"frame", key.first}, {"object", key.second}, {"inputs", inputs}});
  }
  root["prompts"] = prompts;
  Json checked = Json::array();
  for (const auto& [frame, objectId] : state.checked)
    checked.push_back({{"frame", frame}, {"object", objectId}});
  root["checked"] = checked;
  dataset::writeJsonFile(path, root);
}

DocumentState loadDocumentState(const std::filesystem::path& path) {
  const Json root = dataset::readJsonFile(path);
  const std::string file = path.string();
  if (!root.is_object() || !root.contains("format") || !root["format"].is_string() ||
      root["format"].get<std::string>() != "masklet-project")
    throw Error(file + ": not a Masklet project file");
  const int64_t version = asInteger(member(root, "version", file), file + ": version");
  if (version > kProjectFormatVersion)
    throw Error(file + ": written by a newer Masklet (project format " + std::to_string(version) +
                "); update Masklet to open it");
  if (version < 1) throw Error(file + ": unknown project format " + std::to_string(version));
  DocumentState state;
  readVideo(root, file, int(version), state);
  readCategories(root, file, state);
  readObjects(root, file, state);
  readMasks(root, file, int(version), state);
  readPrompts(root, file, int(version), state);
  readChecked(root, file, state);
  if (state.categories.empty()) state.categories.push_back(dataset::defaultCategory());
  return state;
}

}  // namespace masklet::project
