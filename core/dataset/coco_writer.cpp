#include "dataset/coco_writer.h"

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {
namespace {

constexpr int kVideoId = 1;

// COCO image ids start at 1; frame 0 is image 1.
int imageId(int frameIndex) {
  return frameIndex + 1;
}

Json pointsJson(const std::vector<PromptPoint>& points, bool labels) {
  Json list = Json::array();
  for (const auto& point : points)
    list.push_back(labels ? Json(point.label) : Json::array({point.x, point.y}));
  return list;
}

}  // namespace

std::string cocoImageFolder(const VideoAnnotation& annotation) {
  return annotation.video.name.empty() ? std::string("frames") : annotation.video.name;
}

Json cocoToJson(const VideoAnnotation& annotation, const CocoWriteOptions& options) {
  const VideoInfo& video = annotation.video;
  const std::string extension = options.images.extension;
  checkFrameImageExtension(extension);
  for (const auto& object : annotation.objects)
    if (annotation.findCategory(object.categoryId) == nullptr)
      throw Error("COCO export: object " + std::to_string(object.trackId) +
                  (object.name.empty() ? "" : " ('" + object.name + "')") + " has category " +
                  std::to_string(object.categoryId) + ", which is not among the " +
                  std::to_string(annotation.categories.size()) + " categories");

  Json root = Json::object();
  root["info"] = {{"description", "Masklet video annotation"}, {"version", "1.0"}};
  Json videoJson = {{"id", kVideoId},
                    {"name", video.name},
                    {"width", video.width},
                    {"height", video.height},
                    {"frame_count", video.frameCount},
                    {"fps", video.fps}};
  if (!video.extraAttributes.empty()) {
    Json attributes = Json::object();
    for (const auto& [key, text] : video.extraAttributes) attributes[key] = Json::parse(text);
    videoJson["attributes"] = std::move(attributes);
  }
  root["videos"] = Json::array({videoJson});

  Json images = Json::array(), annotations = Json::array();
  int nextAnnotationId = 1;
  const std::string folder = cocoImageFolder(annotation);
  for (const auto& [frame, masks] : annotation.frames) {
    images.push_back({{"id", imageId(frame)},
                      {"file_name", folder + "/" + frameFileStem(frame) + "." + extension},
                      {"width", video.width},
                      {"height", video.height},
                      {"frame_index", frame},
                      {"video", video.name},
                      {"video_id", kVideoId}});
    for (const auto& [trackId, mask] : masks) {
      const AnnotatedObject* object = annotation.findObject(trackId);
      const std::string place =
          "COCO export: frame " + std::to_string(frame) + ", track " + std::to_string(trackId);
      if (object == nullptr) throw Error(place + ": the mask belongs to no object");
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error(place + ": mask size [" + std::to_string(mask.rle.height) + ", " +
                    std::to_string(mask.rle.width) + "] differs from the video's [" +
                    std::to_string(video.height) + ", " + std::to_string(video.width) + "]");
      const std::uint64_t area = rleArea(mask.rle);
      if (area == 0) continue;  // an invisible object has no annotation on that frame
      const auto box = rleBbox(mask.rle);
      Json entry = {{"id", nextAnnotationId++},
                    {"image_id", imageId(frame)},
                    {"category_id", object->categoryId},
                    {"segmentation", rleToJson(mask.rle)},
                    {"area", area},
                    {"bbox", {box[0], box[1], box[2], box[3]}},
                    {"iscrowd", 0},
                    {"track_id", trackId}};
      if (mask.predictedIou) entry["predicted_iou"] = *mask.predictedIou;
      if (mask.stabilityScore) entry["stability_score"] = *mask.stabilityScore;
      if (mask.objectScore) entry["object_score"] = *mask.objectScore;  // SAM 2's presence logit
      if (!mask.points.empty()) {
        entry["point_coords"] = pointsJson(mask.points, false);
        entry["point_labels"] = pointsJson(mask.points, true);
      }
      if (mask.edited) entry["edited"] = true;
      annotations.push_back(std::move(entry));
    }
  }
  root["images"] = std::move(images);
  root["annotations"] = std::move(annotations);

  Json categories = Json::array();
  for (const auto& category : annotation.categories)
    categories.push_back(
        {{"id", category.id}, {"name", category.name}, {"supercategory", category.supercategory}});
  root["categories"] = std::move(categories);
  Json tracks = Json::array();
  for (const auto& object : annotation.objects) {
    Json track = {{"id", object.trackId},
                  {"name", object.name},
                  {"category_id", object.categoryId},
                  {"video_id", kVideoId},
                  {"origin", object.origin}};
    if (object.editedFrameCount) track["edited_frame_count"] = *object.editedFrameCount;
    tracks.push_back(std::move(track));
  }
  root["tracks"] = std::move(tracks);
  return root;
}

void writeCoco(const VideoAnnotation& annotation, const std::filesystem::path& jsonPath,
               const CocoWriteOptions& options) {
  const Json root = cocoToJson(annotation, options);  // validates before anything is written
  if (options.images.provider) {
    const std::filesystem::path parent =
        jsonPath.has_parent_path() ? jsonPath.parent_path() : std::filesystem::path(".");
    AtomicDirectory folder(parent / cocoImageFolder(annotation));
    for (const auto& entry : annotation.frames)
      writeFrameImage(
          options.images, entry.first,
          folder.path() / (frameFileStem(entry.first) + "." + options.images.extension));
    folder.commit();
  }
  writeJsonFile(jsonPath, root);
}

}  // namespace masklet::dataset
