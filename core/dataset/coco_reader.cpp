#include "dataset/coco_reader.h"

#include <map>

#include "common/error.h"
#include "dataset/polygon.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {
namespace {

struct ImageEntry {
  int frame = 0;
  int width = 0;
  int height = 0;
};

int checkedInt(const Json& value, const std::string& where, std::int64_t low = 0) {
  const std::int64_t number = asInteger(value, where);
  if (number < low || number > (std::int64_t{1} << 30))
    throw Error(where + ": " + std::to_string(number) + " is out of range");
  return static_cast<int>(number);
}

std::optional<double> optionalNumber(const Json& object, const char* key,
                                     const std::string& where) {
  const Json* value = optionalMember(object, key, where);
  if (value == nullptr) return std::nullopt;
  return asNumber(*value, field(where, key));
}

Rle segmentationToRle(const Json& segmentation, const ImageEntry& image, const std::string& where) {
  if (segmentation.is_object()) {
    Rle rle = rleFromJson(segmentation, where);
    if (rle.height != image.height || rle.width != image.width)
      throw Error(field(where, "size") + ": [" + std::to_string(rle.height) + ", " +
                  std::to_string(rle.width) + "] differs from its image's [" +
                  std::to_string(image.height) + ", " + std::to_string(image.width) + "]");
    return rle;
  }
  if (segmentation.is_array()) {
    std::vector<std::vector<double>> polygons;
    for (std::size_t p = 0; p < segmentation.size(); ++p) {
      const std::string polygonWhere = item(where, p);
      const Json& polygon = asArray(segmentation[p], polygonWhere);
      if (polygon.size() < 6 || polygon.size() % 2 != 0)
        throw Error(polygonWhere +
                    ": a polygon needs at least 3 points as [x0, y0, x1, y1, ...]"
                    ", found " +
                    std::to_string(polygon.size()) + " numbers");
      std::vector<double> xy;
      for (std::size_t i = 0; i < polygon.size(); ++i)
        xy.push_back(asNumber(polygon[i], item(polygonWhere, i)));
      polygons.push_back(std::move(xy));
    }
    return polygonsToRle(polygons, image.height, image.width);
  }
  throw Error(where + ": expected an RLE object or a list of polygons");
}

std::vector<PromptPoint> readPoints(const Json& entry, const std::string& where) {
  std::vector<PromptPoint> points;
  const Json* coords = optionalMember(entry, "point_coords", where);
  if (coords == nullptr) return points;
  const std::string coordsWhere = field(where, "point_coords");
  asArray(*coords, coordsWhere);
  const Json* labels = optionalMember(entry, "point_labels", where);
  if (labels != nullptr && (!labels->is_array() || labels->size() != coords->size()))
    throw Error(field(where, "point_labels") + ": needs one label per point_coords entry");
  for (std::size_t i = 0; i < coords->size(); ++i) {
    const Json& xy = asArray((*coords)[i], item(coordsWhere, i));
    if (xy.size() != 2) throw Error(item(coordsWhere, i) + ": expected [x, y]");
    PromptPoint point;
    point.x = asNumber(xy[0], item(item(coordsWhere, i), 0));
    point.y = asNumber(xy[1], item(item(coordsWhere, i), 1));
    if (labels != nullptr)
      point.label =
          static_cast<int>(asInteger((*labels)[i], item(field(where, "point_labels"), i)));
    points.push_back(point);
  }
  return points;
}

}  // namespace

VideoAnnotation cocoFromJson(const Json& root, const std::string& where) {
  if (!root.is_object()) throw Error(where + ": a COCO file must be a JSON object");
  VideoAnnotation annotation;
  VideoInfo& video = annotation.video;

  if (const Json* videos = optionalMember(root, "videos", where)) {
    asArray(*videos, field(where, "videos"));
    if (videos->size() > 1)
      throw Error(field(where, "videos") + ": holds " + std::to_string(videos->size()) +
                  " videos; Masklet imports one video per file");
    if (videos->size() == 1) {
      const Json& entry = (*videos)[0];
      const std::string videoWhere = item(field(where, "videos"), 0);
      if (const Json* name = optionalMember(entry, "name", videoWhere))
        video.name = asString(*name, field(videoWhere, "name"));
      if (const Json* count = optionalMember(entry, "frame_count", videoWhere))
        video.frameCount = checkedInt(*count, field(videoWhere, "frame_count"));
      if (auto fps = optionalNumber(entry, "fps", videoWhere)) video.fps = *fps;
      if (const Json* attributes = optionalMember(entry, "attributes", videoWhere)) {
        if (!attributes->is_object())
          throw Error(field(videoWhere, "attributes") + ": expected a JSON object");
        for (auto it = attributes->begin(); it != attributes->end(); ++it)
          video.extraAttributes.emplace_back(it.key(), it.value().dump());
      }
    }
  }

  const std::string categoriesWhere = field(where, "categories");
  const Json& categories = asArray(member(root, "categories", where), categoriesWhere);
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const std::string categoryWhere = item(categoriesWhere, i);
    Category category;
    category.id = checkedInt(member(categories[i], "id", categoryWhere), field(categoryWhere, "id"),
                             -(std::int64_t{1} << 30));
    if (annotation.findCategory(category.id) != nullptr)
      throw Error(field(categoryWhere, "id") + ": category " + std::to_string(category.id) +
                  " is listed twice");
    category.name =
        asString(member(categories[i], "name", categoryWhere), field(categoryWhere, "name"));
    if (const Json* super = optionalMember(categories[i], "supercategory", categoryWhere))
      category.supercategory = asString(*super, field(categoryWhere, "supercategory"));
    annotation.categories.push_back(category);
  }

  const std::string imagesWhere = field(where, "images");
  const Json& images = asArray(member(root, "images", where), imagesWhere);
  std::map<std::int64_t, ImageEntry> imagesById;
  for (std::size_t i = 0; i < images.size(); ++i) {
    const std::string imageWhere = item(imagesWhere, i);
    const Json& image = images[i];
    const std::int64_t id = asInteger(member(image, "id", imageWhere), field(imageWhere, "id"));
    ImageEntry entry;
    entry.width = checkedInt(member(image, "width", imageWhere), field(imageWhere, "width"));
    entry.height = checkedInt(member(image, "height", imageWhere), field(imageWhere, "height"));
    entry.frame = static_cast<int>(i);
    if (const Json* frame = optionalMember(image, "frame_index", imageWhere))
      entry.frame = checkedInt(*frame, field(imageWhere, "frame_index"));
    if (!imagesById.emplace(id, entry).second)
      throw Error(field(imageWhere, "id") + ": image id " + std::to_string(id) +
                  " is listed twice");
    if (annotation.frames.count(entry.frame) != 0)
      throw Error(imageWhere + ": two images for frame " + std::to_string(entry.frame));
    if (video.width == 0 && video.height == 0) {
      video.width = entry.width;
      video.height = entry.height;
    } else if (entry.width != video.width || entry.height != video.height) {
      throw Error(imageWhere + ": size " + std::to_string(entry.width) + "x" +
                  std::to_string(entry.height) + " differs from the video's " +
                  std::to_string(video.width) + "x" + std::to_string(video.height) +
                  " (all frames of a video have one size)");
    }
    if (video.name.empty())
      if (const Json* name = optionalMember(image, "video", imageWhere))
        if (name->is_string()) video.name = name->get<std::string>();
    annotation.frames[entry.frame];  // an annotated frame, even if nothing is visible
  }

  if (const Json* tracks = optionalMember(root, "tracks", where)) {
    const std::string tracksWhere = field(where, "tracks");
    asArray(*tracks, tracksWhere);
    for (std::size_t i = 0; i < tracks->size(); ++i) {
      const std::string trackWhere = item(tracksWhere, i);
      const Json& track = (*tracks)[i];
      AnnotatedObject object;
      object.trackId = checkedInt(member(track, "id", trackWhere), field(trackWhere, "id"));
      if (annotation.findObject(object.trackId) != nullptr)
        throw Error(field(trackWhere, "id") + ": track " + std::to_string(object.trackId) +
                    " is listed twice");
      object.categoryId = checkedInt(member(track, "category_id", trackWhere),
                                     field(trackWhere, "category_id"), -(std::int64_t{1} << 30));
      if (annotation.findCategory(object.categoryId) == nullptr)
        throw Error(field(trackWhere, "category_id") + ": " + std::to_string(object.categoryId) +
                    " is not among the categories");
      if (const Json* name = optionalMember(track, "name", trackWhere))
        object.name = asString(*name, field(trackWhere, "name"));
      if (const Json* origin = optionalMember(track, "origin", trackWhere))
        object.origin = asString(*origin, field(trackWhere, "origin"));
      if (const Json* edited = optionalMember(track, "edited_frame_count", trackWhere))
        object.editedFrameCount = checkedInt(*edited, field(trackWhere, "edited_frame_count"));
      annotation.objects.push_back(object);
    }
  }

  const std::string annotationsWhere = field(where, "annotations");
  const Json& entries = asArray(member(root, "annotations", where), annotationsWhere);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string entryWhere = item(annotationsWhere, i);
    const Json& entry = entries[i];
    const std::int64_t imageId =
        asInteger(member(entry, "image_id", entryWhere), field(entryWhere, "image_id"));
    const auto image = imagesById.find(imageId);
    if (image == imagesById.end())
      throw Error(field(entryWhere, "image_id") + ": " + std::to_string(imageId) +
                  " is not among the images");
    const int categoryId = checkedInt(member(entry, "category_id", entryWhere),
                                      field(entryWhere, "category_id"), -(std::int64_t{1} << 30));
    if (annotation.findCategory(categoryId) == nullptr)
      throw Error(field(entryWhere, "category_id") + ": " + std::to_string(categoryId) +
                  " is not among the categories");
    const Json* track = optionalMember(entry, "track_id", entryWhere);
    const int trackId = track != nullptr
                            ? checkedInt(*track, field(entryWhere, "track_id"))
                            : checkedInt(member(entry, "id", entryWhere), field(entryWhere, "id"));
    if (annotation.findObject(trackId) == nullptr) {
      AnnotatedObject object;
      object.trackId = trackId;
      object.categoryId = categoryId;
      annotation.objects.push_back(object);
    }
    MaskAnnotation mask;
    mask.rle = segmentationToRle(member(entry, "segmentation", entryWhere), image->second,
                                 field(entryWhere, "segmentation"));
    mask.predictedIou = optionalNumber(entry, "predicted_iou", entryWhere);
    mask.stabilityScore = optionalNumber(entry, "stability_score", entryWhere);
    mask.objectScore = optionalNumber(entry, "object_score", entryWhere);
    mask.points = readPoints(entry, entryWhere);
    if (const Json* edited = optionalMember(entry, "edited", entryWhere)) {
      if (!edited->is_boolean()) throw Error(field(entryWhere, "edited") + ": expected true/false");
      mask.edited = edited->get<bool>();
    }
    auto& frameMasks = annotation.frames[image->second.frame];
    if (!frameMasks.emplace(trackId, std::move(mask)).second)
      throw Error(entryWhere + ": a second mask for track " + std::to_string(trackId) +
                  " on frame " + std::to_string(image->second.frame));
  }

  if (video.frameCount == 0 && !annotation.frames.empty())
    video.frameCount = annotation.frames.rbegin()->first + 1;
  return annotation;
}

VideoAnnotation readCoco(const std::filesystem::path& path) {
  VideoAnnotation annotation = cocoFromJson(readJsonFile(path), path.string());
  if (annotation.video.name.empty()) annotation.video.name = path.stem().string();
  return annotation;
}

}  // namespace masklet::dataset
