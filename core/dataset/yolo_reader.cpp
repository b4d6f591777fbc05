#include "dataset/yolo_reader.h"

#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "common/error.h"
#include "dataset/training_export.h"
#include "dataset/yolo_polygon.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

std::vector<std::string> readNames(const fs::path& yamlPath) {
  std::vector<std::string> names;
  try {
    const YAML::Node names_node = YAML::LoadFile(yamlPath.string())["names"];
    if (names_node.IsSequence()) {
      for (const auto& name : names_node) names.push_back(name.as<std::string>());
    } else if (names_node.IsMap()) {
      std::map<int, std::string> byIndex;
      for (const auto& entry : names_node)
        byIndex[entry.first.as<int>()] = entry.second.as<std::string>();
      for (const auto& [index, name] : byIndex) {
        if (index != static_cast<int>(names.size()))
          throw Error(yamlPath.string() + ": names: class " + std::to_string(names.size()) +
                      " is missing");
        names.push_back(name);
      }
    } else {
      throw Error(yamlPath.string() + ": no 'names' list of classes");
    }
  } catch (const YAML::Exception& error) {
    throw Error(yamlPath.string() + ": " + error.what());
  }
  return names;
}

// The trailing number of "clip_00042" (42), or -1.
int trailingNumber(const std::string& stem) {
  std::size_t start = stem.size();
  while (start > 0 && std::isdigit(static_cast<unsigned char>(stem[start - 1]))) --start;
  if (start == stem.size() || stem.size() - start > 9) return -1;
  return std::stoi(stem.substr(start));
}

std::pair<int, int> frameSizeOf(const fs::path& label, const YoloReadOptions& options) {
  const fs::path images =
      label.parent_path().parent_path().parent_path() / "images" / label.parent_path().filename();
  for (const char* extension : {".jpg", ".jpeg", ".png"}) {
    const fs::path image = images / (label.stem().string() + extension);
    if (!fs::exists(image)) continue;
    const cv::Mat pixels = cv::imread(image.string(), cv::IMREAD_UNCHANGED);
    if (pixels.empty()) throw Error(image.string() + ": cannot read the image");
    return {pixels.cols, pixels.rows};
  }
  if (options.frameSize) return *options.frameSize;
  throw Error(label.string() + ": no image beside it (" + (images / label.stem()).string() +
              ".jpg) to give the frame size");
}

std::vector<double> parseLine(const std::string& line, const std::string& where,
                              std::size_t classCount, int& classIndex) {
  std::istringstream in(line);
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  std::vector<double> values;
  for (const auto& field : fields) {
    char* end = nullptr;
    const double value = std::strtod(field.c_str(), &end);
    if (end == nullptr || *end != '\0') throw Error(where + ": '" + field + "' is not a number");
    values.push_back(value);
  }
  if (values.empty()) throw Error(where + ": empty line");
  if (values[0] != static_cast<int>(values[0]) || values[0] < 0 || values[0] >= classCount)
    throw Error(where + ": class " + fields[0] + " is not in data.yaml's names (0.." +
                std::to_string(classCount - 1) + ")");
  classIndex = static_cast<int>(values[0]);
  values.erase(values.begin());
  if (values.size() % 2 != 0)
    throw Error(where + ": odd number of coordinates (" + std::to_string(values.size()) + ")");
  if (values.size() < 6)
    throw Error(where + ": a polygon needs at least 3 points, got " +
                std::to_string(values.size() / 2));
  for (const double value : values)
    if (value < 0 || value > 1)
      throw Error(where + ": coordinate " + std::to_string(value) + " is outside [0, 1]");
  return values;
}

}  // namespace

VideoAnnotation readYolo(const fs::path& folder, const YoloReadOptions& options) {
  const fs::path yaml = folder / "data.yaml";
  if (!fs::exists(yaml)) throw Error(folder.string() + ": no data.yaml (not a YOLO dataset)");
  const std::vector<std::string> names = readNames(yaml);
  if (names.empty()) throw Error(yaml.string() + ": 'names' is empty");
  VideoAnnotation annotation;
  for (std::size_t i = 0; i < names.size(); ++i)
    annotation.categories.push_back({static_cast<int>(i) + 1, names[i], ""});
  std::vector<fs::path> labels;
  if (fs::is_directory(folder / "labels"))
    for (const auto& entry : fs::recursive_directory_iterator(folder / "labels"))
      if (entry.is_regular_file() && entry.path().extension() == ".txt")
        labels.push_back(entry.path());
  std::sort(labels.begin(), labels.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename() != b.filename() ? a.filename() < b.filename() : a < b;
  });
  if (labels.empty()) throw Error(folder.string() + ": no label files under labels/");
  if (const std::string name = splitsVideoName(folder); !name.empty()) annotation.video.name = name;
  std::map<int, int> classOfTrack;
  for (std::size_t position = 0; position < labels.size(); ++position) {
    const fs::path& label = labels[position];
    const int number = trailingNumber(label.stem().string());
    const int frame = number >= 0 ? number : static_cast<int>(position);
    if (annotation.frames.count(frame) != 0)
      throw Error(label.string() + ": a second label file for frame " + std::to_string(frame));
    const auto [width, height] = frameSizeOf(label, options);
    if (annotation.frames.empty()) {
      annotation.video.width = width;
      annotation.video.height = height;
    } else if (width != annotation.video.width || height != annotation.video.height) {
      throw Error(label.string() + ": frame size " + std::to_string(width) + "x" +
                  std::to_string(height) + " differs from the other frames'");
    }
    auto& masks = annotation.frames[frame];
    std::ifstream in(label);
    if (!in) throw Error("cannot read " + label.string());
    std::string line;
    for (int lineNumber = 1, trackId = 1; std::getline(in, line); ++lineNumber) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      int classIndex = 0;
      std::vector<double> xy = parseLine(line, label.string() + ":" + std::to_string(lineNumber),
                                         names.size(), classIndex);
      for (std::size_t i = 0; i < xy.size(); ++i) xy[i] *= i % 2 == 0 ? width : height;
      masks[trackId].rle = encodeMask(rasterizeYoloPolygon(xy, height, width));
      classOfTrack.emplace(trackId, classIndex + 1);
      ++trackId;
    }
  }
  for (const auto& [trackId, categoryId] : classOfTrack) {
    AnnotatedObject object;
    object.trackId = trackId;
    object.categoryId = categoryId;
    annotation.objects.push_back(object);
  }
  annotation.video.frameCount = annotation.frames.rbegin()->first + 1;
  if (annotation.video.name.empty()) annotation.video.name = folder.filename().string();
  return annotation;
}

}  // namespace masklet::dataset
