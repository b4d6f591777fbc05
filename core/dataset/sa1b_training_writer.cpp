#include "dataset/sa1b_training_writer.h"

#include "dataset/atomic_output.h"
#include "dataset/sa1b_writer.h"

namespace fs = std::filesystem;

namespace masklet::dataset {

std::string writeSa1bTraining(const VideoAnnotation& annotation, const fs::path& folder,
                              const TrainingExportOptions& options) {
  checkMasksFitVideo(annotation, "SA-1B training");
  if (options.images.provider) checkFrameImageExtension(options.images.extension);
  const std::vector<FrameChunk> chunks = planVideoSplit(annotation, options.split);
  AtomicDirectory output(folder);
  for (const Split split : kSplits) fs::create_directories(output.path() / splitName(split));
  std::array<SplitCount, 3> counts{};
  int nextAnnotationId = 1;
  for (const auto& chunk : chunks) {
    const fs::path splitFolder = output.path() / splitName(chunk.split);
    for (const int frame : chunk.frames) {
      const std::string stem = trainingStem(annotation, frame);
      const std::string image = stem + "." + options.images.extension;
      Json json = sa1bFrameToJson(annotation, frame, nextAnnotationId);
      json["image"]["file_name"] = image;
      SplitCount& count = counts[static_cast<int>(chunk.split)];
      ++count.images;
      count.instances += static_cast<int>(json["annotations"].size());
      writeJsonFile(splitFolder / (stem + ".json"), json);
      if (options.images.provider) writeFrameImage(options.images, frame, splitFolder / image);
    }
  }
  writeJsonFile(output.path() / "splits.json", splitsToJson(annotation, options.split, chunks));
  output.commit();
  return "SA-1B training folder " + folder.string() + " (" + splitSummary(counts) + ")";
}

}  // namespace masklet::dataset
