#include "dataset/png_masks_writer.h"

#include <cstdio>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/frame_images.h"
#include "dataset/png_io.h"

namespace masklet::dataset {
namespace {

void checkSize(const VideoAnnotation& annotation, int frame, int trackId, const Rle& rle) {
  if (rle.height != annotation.video.height || rle.width != annotation.video.width)
    throw Error("PNG export: frame " + std::to_string(frame) + ", track " +
                std::to_string(trackId) + ": mask size [" + std::to_string(rle.height) + ", " +
                std::to_string(rle.width) + "] differs from the video's [" +
                std::to_string(annotation.video.height) + ", " +
                std::to_string(annotation.video.width) + "]");
}

std::string objectFolderName(int trackId) {
  char text[32];
  std::snprintf(text, sizeof text, "%03d", trackId);
  return text;
}

}  // namespace

std::string davisLayoutProblem(const VideoAnnotation& annotation) {
  for (const auto& object : annotation.objects)
    if (object.trackId < 1 || object.trackId > 255)
      return "object id " + std::to_string(object.trackId) +
             " cannot be a palette index (1..255; 0 is the background)";
  for (const auto& [frame, masks] : annotation.frames) {
    std::vector<const Rle*> visible;
    for (const auto& entry : masks)
      if (rleArea(entry.second.rle) > 0) visible.push_back(&entry.second.rle);
    for (std::size_t a = 0; a < visible.size(); ++a)
      for (std::size_t b = a + 1; b < visible.size(); ++b)
        if (visible[a]->height == visible[b]->height && visible[a]->width == visible[b]->width &&
            rleArea(rleMerge(*visible[a], *visible[b], true)) > 0)
          return "masks overlap on frame " + std::to_string(frame) +
                 " (one palette PNG holds one object per pixel)";
  }
  return {};
}

PngLayout writePngMasks(const VideoAnnotation& annotation, const std::filesystem::path& folder,
                        const PngWriteOptions& options) {
  const VideoInfo& video = annotation.video;
  if (video.width <= 0 || video.height <= 0) throw Error("PNG export: the video size is unknown");
  PngLayout layout = options.layout;
  const std::string problem = layout == PngLayout::PerObject ? "" : davisLayoutProblem(annotation);
  if (layout == PngLayout::Auto) layout = problem.empty() ? PngLayout::Davis : PngLayout::PerObject;
  if (layout == PngLayout::Davis && !problem.empty())
    throw Error("PNG export in the DAVIS layout: " + problem + "; use the per-object layout");
  for (const auto& [frame, masks] : annotation.frames)
    for (const auto& [trackId, mask] : masks) {
      if (annotation.findObject(trackId) == nullptr)
        throw Error("PNG export: frame " + std::to_string(frame) + ", track " +
                    std::to_string(trackId) + ": the mask belongs to no object");
      checkSize(annotation, frame, trackId, mask.rle);
    }

  const PngPalette palette = davisPalette();
  AtomicDirectory output(folder);
  if (layout == PngLayout::Davis) {
    for (const auto& [frame, masks] : annotation.frames) {
      cv::Mat indices(video.height, video.width, CV_8UC1, cv::Scalar(0));
      for (const auto& [trackId, mask] : masks) indices.setTo(trackId, decodeRle(mask.rle));
      writeIndexedPng(output.path() / (frameFileStem(frame) + ".png"), indices, palette);
    }
  } else {
    for (const auto& object : annotation.objects) {
      const std::filesystem::path objectFolder = output.path() / objectFolderName(object.trackId);
      std::filesystem::create_directory(objectFolder);
      for (const auto& entry : annotation.frames) {
        const MaskAnnotation* mask = annotation.findMask(entry.first, object.trackId);
        const cv::Mat indices = mask != nullptr
                                    ? decodeRle(mask->rle)
                                    : cv::Mat(video.height, video.width, CV_8UC1, cv::Scalar(0));
        writeIndexedPng(objectFolder / (frameFileStem(entry.first) + ".png"), indices, palette);
      }
    }
  }
  output.commit();
  return layout;
}

}  // namespace masklet::dataset
