#include "project/project_file.h"

#include "common/error.h"
#include "dataset/json_util.h"
#include "dataset/rle_json.h"

namespace masklet::project {

using dataset::Json;

namespace {

Json pointsToJson(const std::vector<dataset::PromptPoint>& points) {
  Json out = Json::array();
  for (const auto& point : points) out.push_back(Json::array({point.x, point.y, point.label}));
  return out;
}

std::vector<dataset::PromptPoint> pointsFromJson(const Json& value, const std::string& where) {
  std::vector<dataset::PromptPoint> points;
  const Json& list = dataset::asArray(value, where);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = dataset::item(where, i);
    const Json& triple = dataset::asArray(list[i], at);
    if (triple.size() != 3) throw Error(at + ": expected [x, y, label]");
    dataset::PromptPoint point;
    point.x = dataset::asNumber(triple[0], at);
    point.y = dataset::asNumber(triple[1], at);
    point.label = int(dataset::asInteger(triple[2], at));
    if (point.label != 0 && point.label != 1) throw Error(at + ": label must be 0 or 1");
    points.push_back(point);
  }
  return points;
}

}  // namespace

void saveProject(const AnnotationProject& project, const std::filesystem::path& path) {
  const auto& annotation = project.annotation;
  Json root;
  root["format"] = "masklet-project";
  root["version"] = kProjectFormatVersion;
  root["video_path"] = project.videoPath;
  root["video"] = {{"name", annotation.video.name},
                   {"width", annotation.video.width},
                   {"height", annotation.video.height},
                   {"frame_count", annotation.video.frameCount},
                   {"fps", annotation.video.fps}};
  Json categories = Json::array();
  for (const auto& category : annotation.categories)
    categories.push_back({{"id", category.id}, {"name", category.name}});
  root["categories"] = categories;
  Json objects = Json::array();
  for (const auto& object : annotation.objects)
    objects.push_back(
        {{"id", object.trackId}, {"name", object.name}, {"category_id", object.categoryId}});
  root["objects"] = objects;
  Json frames = Json::array();
  for (const auto& [frame, masks] : annotation.frames) {
    Json entries = Json::array();
    for (const auto& [objectId, mask] : masks) {
      Json entry = {{"object", objectId}, {"rle", dataset::rleToJson(mask.rle)}};
      if (mask.predictedIou) entry["predicted_iou"] = *mask.predictedIou;
      if (mask.stabilityScore) entry["stability_score"] = *mask.stabilityScore;
      if (mask.edited) entry["edited"] = true;
      entries.push_back(entry);
    }
    frames.push_back({{"frame", frame}, {"masks", entries}});
  }
  root["frames"] = frames;
  Json prompts = Json::array();
  for (const auto& [frame, byObject] : project.prompts) {
    for (const auto& [objectId, framePrompts] : byObject) {
      if (framePrompts.empty()) continue;
      Json entry = {
          {"frame", frame}, {"object", objectId}, {"points", pointsToJson(framePrompts.points)}};
      if (framePrompts.box) entry["box"] = *framePrompts.box;
      prompts.push_back(entry);
    }
  }
  root["prompts"] = prompts;
  dataset::writeJsonFile(path, root);
}

AnnotationProject loadProject(const std::filesystem::path& path) {
  const Json root = dataset::readJsonFile(path);
  const std::string file = path.string();
  if (!root.is_object() || root.value("format", "") != "masklet-project")
    throw Error(file + ": not a Masklet project file");
  const int64_t version =
      dataset::asInteger(dataset::member(root, "version", file), file + ": version");
  if (version > kProjectFormatVersion)
    throw Error(file + ": written by a newer Masklet (format " + std::to_string(version) + ")");

  AnnotationProject project;
  project.videoPath =
      dataset::asString(dataset::member(root, "video_path", file), file + ": video_path");
  const std::string videoAt = file + ": video";
  const Json& video = dataset::member(root, "video", file);
  auto& info = project.annotation.video;
  info.name =
      dataset::asString(dataset::member(video, "name", videoAt), dataset::field(videoAt, "name"));
  info.width = int(dataset::asInteger(dataset::member(video, "width", videoAt),
                                      dataset::field(videoAt, "width")));
  info.height = int(dataset::asInteger(dataset::member(video, "height", videoAt),
                                       dataset::field(videoAt, "height")));
  info.frameCount = int(dataset::asInteger(dataset::member(video, "frame_count", videoAt),
                                           dataset::field(videoAt, "frame_count")));
  info.fps =
      dataset::asNumber(dataset::member(video, "fps", videoAt), dataset::field(videoAt, "fps"));
  if (info.width <= 0 || info.height <= 0)
    throw Error(videoAt + ": width and height must be positive");

  const std::string categoriesAt = file + ": categories";
  const Json& categories =
      dataset::asArray(dataset::member(root, "categories", file), categoriesAt);
  for (size_t i = 0; i < categories.size(); ++i) {
    const std::string at = dataset::item(categoriesAt, i);
    project.annotation.categories.push_back(
        {int(dataset::asInteger(dataset::member(categories[i], "id", at),
                                dataset::field(at, "id"))),
         dataset::asString(dataset::member(categories[i], "name", at), dataset::field(at, "name")),
         ""});
  }
  const std::string objectsAt = file + ": objects";
  const Json& objects = dataset::asArray(dataset::member(root, "objects", file), objectsAt);
  for (size_t i = 0; i < objects.size(); ++i) {
    const std::string at = dataset::item(objectsAt, i);
    dataset::AnnotatedObject object;
    object.trackId =
        int(dataset::asInteger(dataset::member(objects[i], "id", at), dataset::field(at, "id")));
    object.name =
        dataset::asString(dataset::member(objects[i], "name", at), dataset::field(at, "name"));
    object.categoryId = int(dataset::asInteger(dataset::member(objects[i], "category_id", at),
                                               dataset::field(at, "category_id")));
    if (project.hasObject(object.trackId))
      throw Error(at + ": duplicate object id " + std::to_string(object.trackId));
    if (project.annotation.findCategory(object.categoryId) == nullptr)
      throw Error(dataset::field(at, "category_id") + ": unknown category " +
                  std::to_string(object.categoryId));
    project.annotation.objects.push_back(object);
  }
  const std::string framesAt = file + ": frames";
  const Json& frames = dataset::asArray(dataset::member(root, "frames", file), framesAt);
  for (size_t i = 0; i < frames.size(); ++i) {
    const std::string at = dataset::item(framesAt, i);
    const int frame = int(
        dataset::asInteger(dataset::member(frames[i], "frame", at), dataset::field(at, "frame")));
    if (frame < 0 || (info.frameCount > 0 && frame >= info.frameCount))
      throw Error(dataset::field(at, "frame") + ": frame " + std::to_string(frame) +
                  " is outside the video");
    const std::string masksAt = dataset::field(at, "masks");
    const Json& masks = dataset::asArray(dataset::member(frames[i], "masks", at), masksAt);
    for (size_t j = 0; j < masks.size(); ++j) {
      const std::string maskAt = dataset::item(masksAt, j);
      const int objectId = int(dataset::asInteger(dataset::member(masks[j], "object", maskAt),
                                                  dataset::field(maskAt, "object")));
      if (!project.hasObject(objectId))
        throw Error(dataset::field(maskAt, "object") + ": unknown object " +
                    std::to_string(objectId));
      dataset::MaskAnnotation mask;
      mask.rle = dataset::rleFromJson(dataset::member(masks[j], "rle", maskAt),
                                      dataset::field(maskAt, "rle"));
      if (mask.rle.height != info.height || mask.rle.width != info.width)
        throw Error(dataset::field(maskAt, "rle") + ": mask size differs from the video size");
      if (const Json* iou = dataset::optionalMember(masks[j], "predicted_iou", maskAt))
        mask.predictedIou = dataset::asNumber(*iou, dataset::field(maskAt, "predicted_iou"));
      if (const Json* stability = dataset::optionalMember(masks[j], "stability_score", maskAt))
        mask.stabilityScore =
            dataset::asNumber(*stability, dataset::field(maskAt, "stability_score"));
      mask.edited = masks[j].value("edited", false);
      project.annotation.frames[frame][objectId] = std::move(mask);
    }
  }
  const std::string promptsAt = file + ": prompts";
  const Json& prompts = dataset::asArray(dataset::member(root, "prompts", file), promptsAt);
  for (size_t i = 0; i < prompts.size(); ++i) {
    const std::string at = dataset::item(promptsAt, i);
    const int frame = int(
        dataset::asInteger(dataset::member(prompts[i], "frame", at), dataset::field(at, "frame")));
    const int objectId = int(dataset::asInteger(dataset::member(prompts[i], "object", at),
                                                dataset::field(at, "object")));
    if (!project.hasObject(objectId))
      throw Error(dataset::field(at, "object") + ": unknown object " + std::to_string(objectId));
    FramePrompts& framePrompts = project.prompts[frame][objectId];
    framePrompts.points =
        pointsFromJson(dataset::member(prompts[i], "points", at), dataset::field(at, "points"));
    if (const Json* box = dataset::optionalMember(prompts[i], "box", at)) {
      const Json& values = dataset::asArray(*box, dataset::field(at, "box"));
      if (values.size() != 4)
        throw Error(dataset::field(at, "box") + ": expected [x0, y0, x1, y1]");
      std::array<double, 4> corners{};
      for (size_t k = 0; k < 4; ++k)
        corners[k] = dataset::asNumber(values[k], dataset::field(at, "box"));
      framePrompts.box = corners;
    }
  }
  return project;
}

}  // namespace masklet::project
