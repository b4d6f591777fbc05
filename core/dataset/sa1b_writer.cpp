#include "dataset/sa1b_writer.h"

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {

Json sa1bFrameToJson(const VideoAnnotation& annotation, int frameIndex, int& nextAnnotationId) {
  const VideoInfo& video = annotation.video;
  Json image = {{"image_id", frameIndex + 1}, {"width", video.width},
                {"height", video.height},     {"file_name", frameFileStem(frameIndex) + ".jpg"},
                {"frame_index", frameIndex},  {"video", video.name}};
  Json annotations = Json::array();
  const auto frame = annotation.frames.find(frameIndex);
  if (frame != annotation.frames.end()) {
    for (const auto& [trackId, mask] : frame->second) {
      const std::string place = "SA-1B export: frame " + std::to_string(frameIndex) + ", track " +
                                std::to_string(trackId);
      if (annotation.findObject(trackId) == nullptr)
        throw Error(place + ": the mask belongs to no object");
      if (mask.rle.height != video.height || mask.rle.width != video.width)
        throw Error(place + ": mask size [" + std::to_string(mask.rle.height) + ", " +
                    std::to_string(mask.rle.width) + "] differs from the video's [" +
                    std::to_string(video.height) + ", " + std::to_string(video.width) + "]");
      const std::uint64_t area = rleArea(mask.rle);
      if (area == 0) continue;
      const auto box = rleBbox(mask.rle);
      Json points = Json::array();
      for (const auto& point : mask.points) points.push_back(Json::array({point.x, point.y}));
      annotations.push_back(
          {{"id", nextAnnotationId++},
           {"bbox", {box[0], box[1], box[2], box[3]}},
           {"area", area},
           {"segmentation", rleToJson(mask.rle)},
           {"predicted_iou", mask.predictedIou ? Json(*mask.predictedIou) : Json(nullptr)},
           {"stability_score", mask.stabilityScore ? Json(*mask.stabilityScore) : Json(nullptr)},
           {"crop_box", {0, 0, video.width, video.height}},
           {"point_coords", std::move(points)},
           {"track_id", trackId}});
      if (mask.objectScore) annotations.back()["object_score"] = *mask.objectScore;
    }
  }
  return {{"image", std::move(image)}, {"annotations", std::move(annotations)}};
}

void writeSa1b(const VideoAnnotation& annotation, const std::filesystem::path& folder,
               const Sa1bWriteOptions& options) {
  if (annotation.video.width <= 0 || annotation.video.height <= 0)
    throw Error("SA-1B export: the video size is unknown");
  if (options.images.provider) checkFrameImageExtension(options.images.extension);
  AtomicDirectory output(folder);
  int nextAnnotationId = 1;
  for (const auto& entry : annotation.frames) {
    const int frame = entry.first;
    writeJsonFile(output.path() / (frameFileStem(frame) + ".json"),
                  sa1bFrameToJson(annotation, frame, nextAnnotationId));
    if (options.images.provider)
      writeFrameImage(options.images, frame,
                      output.path() / (frameFileStem(frame) + "." + options.images.extension));
  }
  output.commit();
}

}  // namespace masklet::dataset
