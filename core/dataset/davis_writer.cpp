#include "dataset/davis_writer.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/exclusive_masks.h"
#include "dataset/png_io.h"

namespace fs = std::filesystem;

namespace masklet::dataset {

std::map<int, int> davisObjectIndices(const VideoAnnotation& annotation) {
  if (annotation.objects.size() > 255)
    throw Error("DAVIS export: " + std::to_string(annotation.objects.size()) +
                " objects; a palette PNG holds at most 255");
  bool idsFit = true;
  for (const auto& object : annotation.objects)
    idsFit = idsFit && object.trackId >= 1 && object.trackId <= 255;
  std::map<int, int> indices;
  for (const auto& object : annotation.objects) indices[object.trackId] = object.trackId;
  if (!idsFit) {
    int next = 1;
    for (auto& entry : indices) entry.second = next++;
  }
  return indices;
}

std::string writeDavis(const VideoAnnotation& annotation, const fs::path& folder,
                       const TrainingExportOptions& options) {
  checkMasksFitVideo(annotation, "DAVIS");
  if (options.images.provider) checkFrameImageExtension(options.images.extension);
  const std::map<int, int> indices = davisObjectIndices(annotation);
  const std::vector<FrameChunk> chunks = planVideoSplit(annotation, options.split);
  const bool split = options.split.isSplit();
  const VideoInfo& video = annotation.video;
  const bool full = options.davisFullResolution || video.height == 480;
  const cv::Size size =
      full
          ? cv::Size(video.width, video.height)
          : cv::Size(std::max(1, static_cast<int>(std::lround(video.width * 480.0 / video.height))),
                     480);
  const std::string resolution = options.davisFullResolution ? "Full-Resolution" : "480p";

  AtomicDirectory output(folder);
  fs::create_directories(output.path() / "ImageSets" / "2017");
  const PngPalette palette = davisPalette();
  std::array<std::string, 3> lists;
  std::array<SplitCount, 3> counts{};
  for (const auto& chunk : chunks) {
    const std::string sequence = sequenceName(annotation, chunk, split);
    lists[static_cast<int>(chunk.split)] += sequence + "\n";
    const fs::path masks = output.path() / "Annotations" / resolution / sequence;
    const fs::path images = output.path() / "JPEGImages" / resolution / sequence;
    fs::create_directories(masks);
    for (const int frame : chunk.frames) {
      const auto& frameMasks = annotation.frames.at(frame);
      const cv::Mat ids = exclusiveIdImage(frameMasks, video.height, video.width);
      cv::Mat index(video.height, video.width, CV_8UC1, cv::Scalar(0));
      for (const auto& entry : frameMasks) {
        const cv::Mat pixels = ids == entry.first;
        index.setTo(indices.at(entry.first), pixels);
        counts[static_cast<int>(chunk.split)].instances += cv::countNonZero(pixels) > 0 ? 1 : 0;
      }
      ++counts[static_cast<int>(chunk.split)].images;
      if (!full) cv::resize(index, index, size, 0, 0, cv::INTER_NEAREST);
      writeIndexedPng(masks / (frameFileStem(frame) + ".png"), index, palette);
      if (options.images.provider) {
        fs::create_directories(images);
        FrameImageOptions scaled = options.images;
        if (!full)
          scaled.provider = [&options, size](int f) {
            cv::Mat image = options.images.provider(f), out;
            if (image.empty()) return image;
            cv::resize(image, out, size, 0, 0, cv::INTER_AREA);
            return out;
          };
        writeFrameImage(scaled, frame,
                        images / (frameFileStem(frame) + "." + options.images.extension));
      }
    }
  }
  const char* listNames[] = {"train.txt", "val.txt", "test-dev.txt"};
  for (std::size_t s = 0; s < 3; ++s)
    writeFileAtomically(output.path() / "ImageSets" / "2017" / listNames[s], lists[s]);
  writeJsonFile(output.path() / "splits.json", splitsToJson(annotation, options.split, chunks));
  output.commit();
  return "DAVIS 2017 folder " + folder.string() + " (" + resolution + "; " + splitSummary(counts) +
         ")";
}

}  // namespace masklet::dataset
