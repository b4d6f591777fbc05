#include "dataset/mots_writer.h"

#include <cstdio>
#include <opencv2/imgcodecs.hpp>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/exclusive_masks.h"
#include "dataset/rle_string.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

std::string motsFrameName(int frame) {
  char text[32];
  std::snprintf(text, sizeof text, "%06d", frame);
  return text;
}

int motsId(const VideoAnnotation& annotation, const std::map<int, int>& instances, int trackId) {
  const int classId = annotation.findObject(trackId)->categoryId;
  if (classId < 1 || classId > 65 || classId == 10)
    throw Error("MOTS export: track " + std::to_string(trackId) + " has category id " +
                std::to_string(classId) + " (MOTS classes are 1..65; 10 means 'ignore')");
  return classId * 1000 + instances.at(trackId);
}

void writeIdPng(const fs::path& path, const cv::Mat& ids) {
  cv::Mat image;
  ids.convertTo(image, CV_16UC1);
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", image, bytes))
    throw Error("MOTS export: cannot encode " + path.string());
  writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace

std::map<int, int> motsInstanceNumbers(const VideoAnnotation& annotation) {
  if (annotation.objects.size() > 999)
    throw Error("MOTS export: " + std::to_string(annotation.objects.size()) +
                " objects; ids are class * 1000 + 1..999");
  bool idsFit = true;
  std::map<int, int> instances;
  for (const auto& object : annotation.objects) {
    idsFit = idsFit && object.trackId >= 1 && object.trackId <= 999;
    instances[object.trackId] = object.trackId;
  }
  if (!idsFit) {
    int next = 1;
    for (auto& entry : instances) entry.second = next++;
  }
  return instances;
}

std::string motsFrameLines(const VideoAnnotation& annotation, int frame) {
  return motsFrameLines(annotation, motsInstanceNumbers(annotation), frame);
}

std::string motsFrameLines(const VideoAnnotation& annotation, const std::map<int, int>& instances,
                           int frame) {
  std::string lines;
  const auto& masks = annotation.frames.at(frame);
  for (const auto& [trackId, rle] : exclusiveMasks(masks)) {
    const int id = motsId(annotation, instances, trackId);
    lines += std::to_string(frame) + " " + std::to_string(id) + " " + std::to_string(id / 1000) +
             " " + std::to_string(rle.height) + " " + std::to_string(rle.width) + " " +
             countsToString(rle.counts) + "\n";
  }
  return lines;
}

std::string writeMots(const VideoAnnotation& annotation, const fs::path& folder,
                      const TrainingExportOptions& options, const MotsWriteOptions& mots) {
  checkMasksFitVideo(annotation, "MOTS");
  if (options.images.provider) checkFrameImageExtension(options.images.extension);
  const std::map<int, int> instances = motsInstanceNumbers(annotation);
  for (const auto& object : annotation.objects) motsId(annotation, instances, object.trackId);
  const std::vector<FrameChunk> chunks = planVideoSplit(annotation, options.split);
  const bool split = options.split.isSplit();

  AtomicDirectory output(folder);
  fs::create_directories(output.path() / "instances_txt");
  std::array<std::string, 3> seqmaps;
  std::array<SplitCount, 3> counts{};
  for (const auto& chunk : chunks) {
    const std::string sequence = sequenceName(annotation, chunk, split);
    seqmaps[static_cast<int>(chunk.split)] += sequence + "\n";
    std::string text;
    for (const int frame : chunk.frames) {
      const std::string lines = motsFrameLines(annotation, instances, frame);
      text += lines;
      SplitCount& count = counts[static_cast<int>(chunk.split)];
      ++count.images;
      for (const char c : lines) count.instances += c == '\n' ? 1 : 0;
      if (mots.png) {
        const fs::path pngFolder = output.path() / "instances" / sequence;
        fs::create_directories(pngFolder);
        const cv::Mat tracks = exclusiveIdImage(annotation.frames.at(frame),
                                                annotation.video.height, annotation.video.width);
        cv::Mat ids(tracks.size(), CV_32SC1, cv::Scalar(0));
        for (const auto& entry : annotation.frames.at(frame))
          ids.setTo(motsId(annotation, instances, entry.first), tracks == entry.first);
        writeIdPng(pngFolder / (motsFrameName(frame) + ".png"), ids);
      }
      if (options.images.provider) {
        const fs::path imageFolder = output.path() / "images" / sequence;
        fs::create_directories(imageFolder);
        writeFrameImage(options.images, frame,
                        imageFolder / (motsFrameName(frame) + "." + options.images.extension));
      }
    }
    writeFileAtomically(output.path() / "instances_txt" / (sequence + ".txt"), text);
  }
  for (const Split split : kSplits)
    writeFileAtomically(output.path() / (std::string(splitName(split)) + ".seqmap"),
                        seqmaps[static_cast<int>(split)]);
  writeJsonFile(output.path() / "splits.json", splitsToJson(annotation, options.split, chunks));
  output.commit();
  return "MOTS folder " + folder.string() + (mots.png ? " (text and PNG; " : " (") +
         splitSummary(counts) + ")";
}

}  // namespace masklet::dataset
