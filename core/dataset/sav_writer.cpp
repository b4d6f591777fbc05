#include "dataset/sav_writer.h"

#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "common/error.h"
#include "dataset/rle_json.h"

namespace masklet::dataset {
namespace {

// SA-V stores its averages rounded to 10 decimals (Python round(x, 10)); printf rounds the
// exact binary value the same way, and the shortest repr of the parsed result is what Python
// prints.
double round10(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10f", value);
  return std::strtod(text, nullptr);
}

const char* sizeBucket(double area) {
  if (area < 32.0 * 32.0) return "small";
  if (area < 96.0 * 96.0) return "medium";
  return "large";
}

}  // namespace

std::vector<int> savFrameIndices(const VideoAnnotation& annotation, int frameStride) {
  int stride = frameStride;
  if (stride <= 0) {
    stride = 0;
    for (const auto& entry : annotation.frames) stride = std::gcd(stride, entry.first);
    if (stride <= 0) stride = 1;
  }
  int end = annotation.video.frameCount;
  if (end <= 0) end = annotation.frames.empty() ? 0 : annotation.frames.rbegin()->first + 1;
  std::vector<int> indices;
  for (int frame = 0; frame < end; frame += stride) indices.push_back(frame);
  return indices;
}

Json savToJson(const VideoAnnotation& annotation, const SavWriteOptions& options) {
  const VideoInfo& video = annotation.video;
  if (video.width <= 0 || video.height <= 0)
    throw Error("SA-V export: the video size is unknown (width " + std::to_string(video.width) +
                ", height " + std::to_string(video.height) + ")");
  const std::vector<int> frames = savFrameIndices(annotation, options.frameStride);
  const int frameCount =
      video.frameCount > 0 ? video.frameCount : (frames.empty() ? 0 : frames.back() + 1);
  const double resolution = static_cast<double>(video.width) * video.height;

  Json root = Json::object();
  root["video_id"] = video.name;
  root["video_duration"] = video.fps > 0 ? Json(frameCount / video.fps) : Json(nullptr);
  root["video_frame_count"] = static_cast<double>(frameCount);
  root["video_height"] = static_cast<double>(video.height);
  root["video_width"] = static_cast<double>(video.width);
  root["video_resolution"] = resolution;
  for (const auto& [key, text] : video.extraAttributes) root[key] = Json::parse(text);

  const std::size_t objectCount = annotation.objects.size();
  const Rle empty = emptyRle(video.height, video.width);
  Json masklet = Json::array();
  // Per object: the area on each written frame, and the stability scores if any is known.
  std::vector<std::vector<std::uint64_t>> areas(objectCount);
  std::vector<Json> scores(objectCount, Json::array());
  std::vector<bool> anyScore(objectCount, false);
  for (const int frame : frames) {
    Json masks = Json::array();
    for (std::size_t o = 0; o < objectCount; ++o) {
      const AnnotatedObject& object = annotation.objects[o];
      const MaskAnnotation* mask = annotation.findMask(frame, object.trackId);
      if (mask != nullptr && (mask->rle.height != video.height || mask->rle.width != video.width))
        throw Error("SA-V export: frame " + std::to_string(frame) + ", object " +
                    std::to_string(object.trackId) + ": mask size [" +
                    std::to_string(mask->rle.height) + ", " + std::to_string(mask->rle.width) +
                    "] differs from the video's [" + std::to_string(video.height) + ", " +
                    std::to_string(video.width) + "]");
      const Rle& rle = mask != nullptr ? mask->rle : empty;
      masks.push_back(rleToJson(rle));
      areas[o].push_back(rleArea(rle));
      const bool scored = mask != nullptr && mask->stabilityScore.has_value();
      scores[o].push_back(scored ? Json(*mask->stabilityScore) : Json(nullptr));
      anyScore[o] = anyScore[o] || scored;
    }
    masklet.push_back(std::move(masks));
  }
  root["masklet"] = std::move(masklet);

  Json ids = Json::array(), sizeRel = Json::array(), sizeAbs = Json::array(),
       bucket = Json::array(), changes = Json::array(), firstAppeared = Json::array(),
       frameCounts = Json::array(), editedCounts = Json::array(), types = Json::array(),
       stability = Json::array();
  for (std::size_t o = 0; o < objectCount; ++o) {
    const AnnotatedObject& object = annotation.objects[o];
    std::uint64_t visibleArea = 0;
    std::size_t visibleFrames = 0, first = 0, flips = 0;
    bool seen = false, previous = false;
    for (std::size_t f = 0; f < areas[o].size(); ++f) {
      const bool visible = areas[o][f] > 0;
      if (visible) {
        visibleArea += areas[o][f];
        ++visibleFrames;
      }
      if (visible && !seen) {
        seen = true;
        first = f;
      } else if (seen && visible != previous) {
        ++flips;  // counted after the first appearance only
      }
      previous = visible;
    }
    const double average =
        visibleFrames == 0 ? 0.0 : static_cast<double>(visibleArea) / visibleFrames;
    ids.push_back(object.trackId);
    sizeRel.push_back(round10(average / resolution));
    sizeAbs.push_back(round10(average));
    bucket.push_back(sizeBucket(average));
    changes.push_back(flips);
    firstAppeared.push_back(static_cast<double>(first));
    frameCounts.push_back(frames.size());
    editedCounts.push_back(annotation.editedFrameCount(object));
    types.push_back(object.origin);
    stability.push_back(anyScore[o] ? scores[o] : Json(nullptr));
  }
  root["masklet_id"] = std::move(ids);
  root["masklet_size_rel"] = std::move(sizeRel);
  root["masklet_size_abs"] = std::move(sizeAbs);
  root["masklet_size_bucket"] = std::move(bucket);
  root["masklet_visibility_changes"] = std::move(changes);
  root["masklet_first_appeared_frame"] = std::move(firstAppeared);
  root["masklet_frame_count"] = std::move(frameCounts);
  root["masklet_edited_frame_count"] = std::move(editedCounts);
  root["masklet_type"] = std::move(types);
  root["masklet_stability_score"] = std::move(stability);
  root["masklet_num"] = objectCount;
  return root;
}

void writeSav(const VideoAnnotation& annotation, const std::filesystem::path& path,
              const SavWriteOptions& options) {
  writeJsonFile(path, savToJson(annotation, options));
}

}  // namespace masklet::dataset
