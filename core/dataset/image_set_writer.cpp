#include "dataset/image_set_writer.h"

#include <set>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {
namespace {

void checkMaskSize(const AnnotatedImage& image, const MaskAnnotation& mask, size_t index) {
  if (mask.rle.height != image.height || mask.rle.width != image.width)
    throw Error("image export: " + image.fileName + ", mask " + std::to_string(index) + ": size [" +
                std::to_string(mask.rle.height) + ", " + std::to_string(mask.rle.width) +
                "] differs from the image's [" + std::to_string(image.height) + ", " +
                std::to_string(image.width) + "]");
}

Json optionalNumber(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json pointList(const std::vector<PromptPoint>& points, bool labels) {
  Json list = Json::array();
  for (const auto& point : points)
    list.push_back(labels ? Json(point.label) : Json::array({point.x, point.y}));
  return list;
}

Json cropBox(const AnnotatedImage& image, const MaskAnnotation& mask) {
  if (mask.cropBox) {
    const auto& c = *mask.cropBox;
    return Json::array({c[0], c[1], c[2], c[3]});
  }
  return Json::array({0, 0, image.width, image.height});
}

}  // namespace

Json sa1bImageToJson(const AnnotatedImage& image, int imageId, int& nextAnnotationId) {
  Json annotations = Json::array();
  for (size_t i = 0; i < image.masks.size(); ++i) {
    const MaskAnnotation& mask = image.masks[i];
    checkMaskSize(image, mask, i);
    const std::uint64_t area = rleArea(mask.rle);
    if (area == 0) continue;
    const auto box = rleBbox(mask.rle);
    annotations.push_back({{"id", nextAnnotationId++},
                           {"segmentation", rleToJson(mask.rle)},
                           {"bbox", {box[0], box[1], box[2], box[3]}},
                           {"area", area},
                           {"predicted_iou", optionalNumber(mask.predictedIou)},
                           {"stability_score", optionalNumber(mask.stabilityScore)},
                           {"crop_box", cropBox(image, mask)},
                           {"point_coords", pointList(mask.points, false)}});
  }
  Json info = {{"image_id", imageId},
               {"width", image.width},
               {"height", image.height},
               {"file_name", image.fileName}};
  return {{"image", std::move(info)}, {"annotations", std::move(annotations)}};
}

void writeSa1bImages(const std::vector<AnnotatedImage>& images,
                     const std::filesystem::path& folder) {
  std::set<std::string> stems;
  for (const auto& image : images) {
    const std::string stem = std::filesystem::path(image.fileName).stem().string();
    if (!stems.insert(stem).second)
      throw Error("SA-1B export: two images are named '" + stem +
                  "' (their JSON files would collide); rename one");
  }
  AtomicDirectory output(folder);
  int nextAnnotationId = 1;
  for (size_t i = 0; i < images.size(); ++i) {
    const std::string stem = std::filesystem::path(images[i].fileName).stem().string();
    writeJsonFile(output.path() / (stem + ".json"),
                  sa1bImageToJson(images[i], static_cast<int>(i) + 1, nextAnnotationId));
  }
  output.commit();
}

Json cocoImagesToJson(const std::vector<AnnotatedImage>& images,
                      const std::vector<Category>& categories) {
  const std::vector<Category> used =
      categories.empty() ? std::vector<Category>{defaultCategory()} : categories;
  Json imageList = Json::array(), annotations = Json::array();
  int nextAnnotationId = 1;
  for (size_t i = 0; i < images.size(); ++i) {
    const AnnotatedImage& image = images[i];
    const int imageId = static_cast<int>(i) + 1;
    imageList.push_back({{"id", imageId},
                         {"file_name", image.fileName},
                         {"width", image.width},
                         {"height", image.height}});
    for (size_t m = 0; m < image.masks.size(); ++m) {
      const MaskAnnotation& mask = image.masks[m];
      checkMaskSize(image, mask, m);
      const std::uint64_t area = rleArea(mask.rle);
      if (area == 0) continue;
      const auto box = rleBbox(mask.rle);
      const int categoryId = m < image.categoryIds.size() ? image.categoryIds[m] : used.front().id;
      Json entry = {{"id", nextAnnotationId++},
                    {"image_id", imageId},
                    {"category_id", categoryId},
                    {"segmentation", rleToJson(mask.rle)},
                    {"area", area},
                    {"bbox", {box[0], box[1], box[2], box[3]}},
                    {"iscrowd", 0}};
      if (mask.predictedIou) entry["predicted_iou"] = *mask.predictedIou;
      if (mask.stabilityScore) entry["stability_score"] = *mask.stabilityScore;
      if (!mask.points.empty()) {
        entry["point_coords"] = pointList(mask.points, false);
        entry["point_labels"] = pointList(mask.points, true);
      }
      annotations.push_back(std::move(entry));
    }
  }
  Json root = Json::object();
  root["info"] = {{"description", "Masklet image annotation"}, {"version", "1.0"}};
  root["images"] = std::move(imageList);
  root["annotations"] = std::move(annotations);
  Json categoryList = Json::array();
  for (const auto& category : used)
    categoryList.push_back(
        {{"id", category.id}, {"name", category.name}, {"supercategory", category.supercategory}});
  root["categories"] = std::move(categoryList);
  return root;
}

void writeCocoImages(const std::vector<AnnotatedImage>& images,
                     const std::filesystem::path& jsonPath,
                     const std::vector<Category>& categories) {
  writeJsonFile(jsonPath, cocoImagesToJson(images, categories));
}

}  // namespace masklet::dataset
