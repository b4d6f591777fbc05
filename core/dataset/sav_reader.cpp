#include "dataset/sav_reader.h"

#include <set>

#include "common/error.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {
namespace {

const std::set<std::string> kDerivedKeys = {"video_id",
                                            "video_duration",
                                            "video_frame_count",
                                            "video_height",
                                            "video_width",
                                            "video_resolution",
                                            "masklet",
                                            "masklet_id",
                                            "masklet_size_rel",
                                            "masklet_size_abs",
                                            "masklet_size_bucket",
                                            "masklet_visibility_changes",
                                            "masklet_first_appeared_frame",
                                            "masklet_frame_count",
                                            "masklet_edited_frame_count",
                                            "masklet_type",
                                            "masklet_stability_score",
                                            "masklet_num"};

int positiveInt(const Json& value, const std::string& where, std::int64_t limit = 1 << 30) {
  const std::int64_t number = asInteger(value, where);
  if (number < 0 || number > limit)
    throw Error(where + ": " + std::to_string(number) + " is out of range (0.." +
                std::to_string(limit) + ")");
  return static_cast<int>(number);
}

int inferStride(int frameCount, std::size_t annotated, const std::string& where) {
  if (annotated <= 1 || frameCount <= 0) return 1;
  for (int stride = 1; stride <= frameCount; ++stride) {
    const std::size_t spanned = static_cast<std::size_t>((frameCount + stride - 1) / stride);
    if (spanned == annotated) return stride;
    if (spanned < annotated) break;
  }
  throw Error(where + ": " + std::to_string(annotated) +
              " annotated frames do not fit video_frame_count " + std::to_string(frameCount) +
              " at any frame stride; give the stride explicitly (--stride)");
}

// A per-object list: present, a list, with one entry per object.
const Json* objectList(const Json& root, const char* key, std::size_t objects,
                       const std::string& where) {
  const Json* list = optionalMember(root, key, where);
  if (list == nullptr) return nullptr;
  asArray(*list, field(where, key));
  if (list->size() != objects)
    throw Error(field(where, key) + ": has " + std::to_string(list->size()) + " entries for " +
                std::to_string(objects) + " masklets (masklet_id)");
  return list;
}

}  // namespace

VideoAnnotation savFromJson(const Json& root, const std::string& where,
                            const SavReadOptions& options) {
  if (!root.is_object()) throw Error(where + ": an SA-V file must be a JSON object");
  VideoAnnotation annotation;
  VideoInfo& video = annotation.video;
  if (const Json* id = optionalMember(root, "video_id", where))
    video.name = asString(*id, field(where, "video_id"));
  video.height = positiveInt(member(root, "video_height", where), field(where, "video_height"));
  video.width = positiveInt(member(root, "video_width", where), field(where, "video_width"));
  if (const Json* count = optionalMember(root, "video_frame_count", where))
    video.frameCount = positiveInt(*count, field(where, "video_frame_count"));
  if (const Json* duration = optionalMember(root, "video_duration", where)) {
    const double seconds = asNumber(*duration, field(where, "video_duration"));
    if (seconds > 0 && video.frameCount > 0) video.fps = video.frameCount / seconds;
  }
  for (auto it = root.begin(); it != root.end(); ++it)
    if (kDerivedKeys.count(it.key()) == 0)
      video.extraAttributes.emplace_back(it.key(), it.value().dump());

  const Json& ids = asArray(member(root, "masklet_id", where), field(where, "masklet_id"));
  const std::size_t objectCount = ids.size();
  if (const Json* num = optionalMember(root, "masklet_num", where))
    if (asInteger(*num, field(where, "masklet_num")) != static_cast<std::int64_t>(objectCount))
      throw Error(field(where, "masklet_num") + ": " + num->dump() + " but masklet_id lists " +
                  std::to_string(objectCount) + " masklets");
  const Json* types = objectList(root, "masklet_type", objectCount, where);
  const Json* edited = objectList(root, "masklet_edited_frame_count", objectCount, where);
  const Json* stability = objectList(root, "masklet_stability_score", objectCount, where);
  annotation.categories.push_back(defaultCategory());
  for (std::size_t o = 0; o < objectCount; ++o) {
    AnnotatedObject object;
    object.trackId = positiveInt(ids[o], item(field(where, "masklet_id"), o));
    if (annotation.findObject(object.trackId) != nullptr)
      throw Error(item(field(where, "masklet_id"), o) + ": masklet id " +
                  std::to_string(object.trackId) + " appears twice");
    object.categoryId = defaultCategory().id;
    if (types != nullptr && !(*types)[o].is_null())
      object.origin = asString((*types)[o], item(field(where, "masklet_type"), o));
    if (edited != nullptr && !(*edited)[o].is_null())
      object.editedFrameCount =
          positiveInt((*edited)[o], item(field(where, "masklet_edited_frame_count"), o));
    annotation.objects.push_back(object);
  }

  const std::string maskletWhere = field(where, "masklet");
  const Json& frames = asArray(member(root, "masklet", where), maskletWhere);
  const int stride = options.frameStride > 0
                         ? options.frameStride
                         : inferStride(video.frameCount, frames.size(), maskletWhere);
  for (std::size_t f = 0; f < frames.size(); ++f) {
    const std::string frameWhere = item(maskletWhere, f);
    const Json& masks = asArray(frames[f], frameWhere);
    if (masks.size() != objectCount)
      throw Error(frameWhere + ": has " + std::to_string(masks.size()) + " masks for " +
                  std::to_string(objectCount) + " masklets (masklet_id)");
    auto& frameMasks = annotation.frames[static_cast<int>(f) * stride];
    for (std::size_t o = 0; o < objectCount; ++o) {
      const std::string maskWhere = item(frameWhere, o);
      MaskAnnotation mask;
      mask.rle = rleFromJson(masks[o], maskWhere);
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error(field(maskWhere, "size") + ": [" + std::to_string(mask.rle.height) + ", " +
                    std::to_string(mask.rle.width) + "] differs from the video's [" +
                    std::to_string(video.height) + ", " + std::to_string(video.width) +
                    "] (video_height, video_width)");
      if (stability != nullptr && !(*stability)[o].is_null()) {
        const std::string scoresWhere = item(field(where, "masklet_stability_score"), o);
        const Json& scores = asArray((*stability)[o], scoresWhere);
        if (scores.size() != frames.size())
          throw Error(scoresWhere + ": has " + std::to_string(scores.size()) + " scores for " +
                      std::to_string(frames.size()) + " frames");
        if (!scores[f].is_null()) mask.stabilityScore = asNumber(scores[f], item(scoresWhere, f));
      }
      frameMasks.emplace(annotation.objects[o].trackId, std::move(mask));
    }
  }
  return annotation;
}

VideoAnnotation readSav(const std::filesystem::path& path, const SavReadOptions& options) {
  VideoAnnotation annotation = savFromJson(readJsonFile(path), path.string(), options);
  if (annotation.video.name.empty()) annotation.video.name = path.stem().string();
  return annotation;
}

}  // namespace masklet::dataset
