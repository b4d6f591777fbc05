#include "dataset/sa1b_reader.h"

#include <algorithm>

#include "common/error.h"
#include "dataset/json_util.h"
#include "dataset/rle_json.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

void readFrameFile(const fs::path& path, int fallbackFrame, VideoAnnotation& annotation) {
  const Json root = readJsonFile(path);
  const std::string where = path.string();
  const Json& image = member(root, "image", where);
  const std::string imageWhere = field(where, "image");
  const std::int64_t width =
      asInteger(member(image, "width", imageWhere), field(imageWhere, "width"));
  const std::int64_t height =
      asInteger(member(image, "height", imageWhere), field(imageWhere, "height"));
  if (width < 0 || height < 0)
    throw Error(imageWhere + ": negative image size " + std::to_string(width) + "x" +
                std::to_string(height));
  VideoInfo& video = annotation.video;
  if (annotation.frames.empty()) {
    video.width = static_cast<int>(width);
    video.height = static_cast<int>(height);
  } else if (width != video.width || height != video.height) {
    throw Error(imageWhere + ": size " + std::to_string(width) + "x" + std::to_string(height) +
                " differs from the other frames' " + std::to_string(video.width) + "x" +
                std::to_string(video.height));
  }
  int frame = fallbackFrame;
  if (const Json* index = optionalMember(image, "frame_index", imageWhere)) {
    const std::int64_t value = asInteger(*index, field(imageWhere, "frame_index"));
    if (value < 0 || value > (1 << 30))
      throw Error(field(imageWhere, "frame_index") + ": " + std::to_string(value) +
                  " is out of range");
    frame = static_cast<int>(value);
  }
  if (const Json* name = optionalMember(image, "video", imageWhere))
    if (name->is_string() && video.name.empty()) video.name = name->get<std::string>();
  if (annotation.frames.count(frame) != 0)
    throw Error(where + ": frame " + std::to_string(frame) + " appears in two files");
  auto& masks = annotation.frames[frame];

  const std::string listWhere = field(where, "annotations");
  const Json& entries = asArray(member(root, "annotations", where), listWhere);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string entryWhere = item(listWhere, i);
    const Json& entry = entries[i];
    const Json* track = optionalMember(entry, "track_id", entryWhere);
    const std::string idWhere = field(entryWhere, track != nullptr ? "track_id" : "id");
    const std::int64_t trackId =
        asInteger(track != nullptr ? *track : member(entry, "id", entryWhere), idWhere);
    if (trackId < 0 || trackId > (1 << 30))
      throw Error(idWhere + ": " + std::to_string(trackId) + " is out of range");
    MaskAnnotation mask;
    mask.rle =
        rleFromJson(member(entry, "segmentation", entryWhere), field(entryWhere, "segmentation"));
    if (mask.rle.height != video.height || mask.rle.width != video.width)
      throw Error(field(field(entryWhere, "segmentation"), "size") + ": [" +
                  std::to_string(mask.rle.height) + ", " + std::to_string(mask.rle.width) +
                  "] differs from the image's [" + std::to_string(video.height) + ", " +
                  std::to_string(video.width) + "]");
    if (const Json* iou = optionalMember(entry, "predicted_iou", entryWhere))
      mask.predictedIou = asNumber(*iou, field(entryWhere, "predicted_iou"));
    if (const Json* score = optionalMember(entry, "stability_score", entryWhere))
      mask.stabilityScore = asNumber(*score, field(entryWhere, "stability_score"));
    if (const Json* score = optionalMember(entry, "object_score", entryWhere))
      mask.objectScore = asNumber(*score, field(entryWhere, "object_score"));
    if (const Json* coords = optionalMember(entry, "point_coords", entryWhere)) {
      const std::string coordsWhere = field(entryWhere, "point_coords");
      asArray(*coords, coordsWhere);
      for (std::size_t p = 0; p < coords->size(); ++p) {
        const Json& xy = asArray((*coords)[p], item(coordsWhere, p));
        if (xy.size() != 2) throw Error(item(coordsWhere, p) + ": expected [x, y]");
        mask.points.push_back(
            {asNumber(xy[0], item(coordsWhere, p)), asNumber(xy[1], item(coordsWhere, p)), 1});
      }
    }
    // The generator's crop; the whole image (what the writers put there) stays unset.
    if (const Json* crop = optionalMember(entry, "crop_box", entryWhere)) {
      const std::string cropWhere = field(entryWhere, "crop_box");
      if (asArray(*crop, cropWhere).size() != 4) throw Error(cropWhere + ": expected [x, y, w, h]");
      std::array<double, 4> box{};
      for (std::size_t k = 0; k < 4; ++k) box[k] = asNumber((*crop)[k], item(cropWhere, k));
      if (box != std::array<double, 4>{0, 0, double(video.width), double(video.height)})
        mask.cropBox = box;
    }
    const int id = static_cast<int>(trackId);
    if (annotation.findObject(id) == nullptr) {
      AnnotatedObject object;
      object.trackId = id;
      object.categoryId = defaultCategory().id;
      annotation.objects.push_back(object);
    }
    if (!masks.emplace(id, std::move(mask)).second)
      throw Error(entryWhere + ": a second mask for track " + std::to_string(id) + " on frame " +
                  std::to_string(frame));
  }
}

}  // namespace

VideoAnnotation readSa1b(const fs::path& fileOrFolder) {
  VideoAnnotation annotation;
  annotation.categories.push_back(defaultCategory());
  std::vector<fs::path> files;
  if (fs::is_directory(fileOrFolder)) {
    for (const auto& entry : fs::directory_iterator(fileOrFolder))
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(fileOrFolder.string() + ": no SA-1B .json files in the folder");
  } else {
    files.push_back(fileOrFolder);
  }
  for (std::size_t i = 0; i < files.size(); ++i)
    readFrameFile(files[i], static_cast<int>(i), annotation);
  std::sort(annotation.objects.begin(), annotation.objects.end(),
            [](const auto& a, const auto& b) { return a.trackId < b.trackId; });
  if (annotation.video.name.empty()) {
    const fs::path path =
        fileOrFolder.filename().empty() ? fileOrFolder.parent_path() : fileOrFolder;
    annotation.video.name = (fs::is_directory(path) ? path.filename() : path.stem()).string();
  }
  if (!annotation.frames.empty())
    annotation.video.frameCount = annotation.frames.rbegin()->first + 1;
  return annotation;
}

}  // namespace masklet::dataset
