#include "dataset/yolo_writer.h"

#include <cstdio>

#include "common/error.h"
#include "dataset/atomic_output.h"
#include "dataset/yolo_polygon.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

// A YAML single-quoted scalar (quotes doubled), safe for any category name.
std::string yamlQuoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string dataYaml(const fs::path& root, const std::vector<Category>& categories) {
  std::string yaml = "# YOLO segmentation dataset written by Masklet (Ultralytics layout)\n";
  yaml += "path: " + yamlQuoted(fs::absolute(root).lexically_normal().string()) + "\n";
  yaml += "train: images/train\nval: images/valid\ntest: images/test\n";
  yaml += "names:\n";
  for (std::size_t i = 0; i < categories.size(); ++i)
    yaml += "  " + std::to_string(i) + ": " + yamlQuoted(categories[i].name) + "\n";
  return yaml;
}

}  // namespace

std::string yoloLabelLine(int classIndex, const Rle& mask, double tolerance) {
  const std::vector<double> xy = maskToYoloPolygon(decodeRle(mask), tolerance);
  if (xy.empty()) return {};
  std::string line = std::to_string(classIndex);
  for (std::size_t i = 0; i < xy.size(); ++i)
    line += " " + number(xy[i] / (i % 2 == 0 ? mask.width : mask.height));
  return line;
}

std::string writeYolo(const VideoAnnotation& annotation, const fs::path& folder,
                      const TrainingExportOptions& options) {
  checkMasksFitVideo(annotation, "YOLO");
  if (options.images.provider) checkFrameImageExtension(options.images.extension);
  if (options.polygonTolerance < 0) throw Error("YOLO export: the tolerance must be 0 or more");
  const std::vector<Category> categories = sortedCategories(annotation);
  std::map<int, int> classOfCategory;
  for (std::size_t i = 0; i < categories.size(); ++i)
    classOfCategory[categories[i].id] = static_cast<int>(i);
  const std::vector<FrameChunk> chunks = planVideoSplit(annotation, options.split);

  AtomicDirectory output(folder);
  for (const Split split : kSplits)
    for (const char* kind : {"images", "labels"})
      fs::create_directories(output.path() / kind / splitName(split));
  std::array<SplitCount, 3> counts{};
  for (const auto& chunk : chunks) {
    const std::string split = splitName(chunk.split);
    for (const int frame : chunk.frames) {
      std::string labels;
      for (const auto& [trackId, mask] : annotation.frames.at(frame)) {
        const int categoryId = annotation.findObject(trackId)->categoryId;
        const auto found = classOfCategory.find(categoryId);
        if (found == classOfCategory.end())
          throw Error("YOLO export: track " + std::to_string(trackId) + " has category " +
                      std::to_string(categoryId) + ", which is not among the categories");
        const std::string line = yoloLabelLine(found->second, mask.rle, options.polygonTolerance);
        if (line.empty()) continue;
        labels += line + "\n";
        ++counts[static_cast<int>(chunk.split)].instances;
      }
      ++counts[static_cast<int>(chunk.split)].images;
      const std::string stem = trainingStem(annotation, frame);
      writeFileAtomically(output.path() / "labels" / split / (stem + ".txt"), labels);
      if (options.images.provider)
        writeFrameImage(options.images, frame,
                        output.path() / "images" / split / (stem + "." + options.images.extension));
    }
  }
  writeFileAtomically(
      output.path() / "data.yaml",
      dataYaml(options.datasetRoot.empty() ? folder : options.datasetRoot, categories));
  writeJsonFile(output.path() / "splits.json", splitsToJson(annotation, options.split, chunks));
  output.commit();
  return "YOLO segmentation folder " + folder.string() + " (" + splitSummary(counts) + ")";
}

}  // namespace masklet::dataset
