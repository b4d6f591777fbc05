#include "dataset/mots_reader.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.h"
#include "dataset/rle_string.h"
#include "dataset/training_export.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

struct MotsLine {
  int frame = 0, id = 0, classId = 0;
  Rle rle;
};

int wholeNumber(const std::string& text, const std::string& where, const char* what) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 0 || value > (1L << 30))
    throw Error(where + ": " + what + " '" + text + "' is not a whole number 0 or more");
  return static_cast<int>(value);
}

MotsLine parseLine(const std::string& line, const std::string& where) {
  std::istringstream in(line);
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  if (fields.size() != 6)
    throw Error(where + ": expected 6 fields (frame id class_id height width rle), got " +
                std::to_string(fields.size()));
  MotsLine parsed;
  parsed.frame = wholeNumber(fields[0], where, "frame");
  parsed.id = wholeNumber(fields[1], where, "id");
  parsed.classId = wholeNumber(fields[2], where, "class_id");
  parsed.rle.height = wholeNumber(fields[3], where, "height");
  parsed.rle.width = wholeNumber(fields[4], where, "width");
  parsed.rle.counts = countsFromString(fields[5], where + ": rle");
  validateRle(parsed.rle, where + ": rle");
  return parsed;
}

std::vector<fs::path> textFiles(const fs::path& path) {
  if (fs::is_regular_file(path)) return {path};
  const fs::path folder = fs::is_directory(path / "instances_txt") ? path / "instances_txt" : path;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".txt")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(path.string() + ": no MOTS .txt files (instances_txt/*.txt)");
  return files;
}

}  // namespace

VideoAnnotation readMots(const fs::path& path) {
  std::vector<std::pair<MotsLine, std::string>> lines;  // with where each came from
  for (const fs::path& file : textFiles(path)) {
    std::ifstream in(file);
    if (!in) throw Error("cannot read " + file.string());
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      const std::string where = file.string() + ":" + std::to_string(number);
      MotsLine line = parseLine(text, where);
      if (line.classId != 10) lines.emplace_back(std::move(line), where);
    }
  }
  VideoAnnotation annotation;
  const fs::path root = fs::is_regular_file(path) ? path.parent_path() : path;
  annotation.video.name =
      fs::is_regular_file(path) ? path.stem().string() : root.filename().string();
  if (const std::string name = splitsVideoName(root); !name.empty()) annotation.video.name = name;
  std::map<int, std::set<int>> idsOfInstance;  // id % 1000 -> ids
  for (const auto& entry : lines) idsOfInstance[entry.first.id % 1000].insert(entry.first.id);
  std::map<int, int> classOfTrack;
  bool first = true;
  for (const auto& [line, where] : lines) {
    if (first) {
      first = false;
      annotation.video.height = line.rle.height;
      annotation.video.width = line.rle.width;
    } else if (line.rle.height != annotation.video.height ||
               line.rle.width != annotation.video.width) {
      throw Error(where + ": size " + std::to_string(line.rle.height) + "x" +
                  std::to_string(line.rle.width) + " differs from the first line's");
    }
    const int trackId = idsOfInstance[line.id % 1000].size() == 1 ? line.id % 1000 : line.id;
    auto& masks = annotation.frames[line.frame];
    if (masks.count(trackId) != 0)
      throw Error(where + ": object " + std::to_string(line.id) + " appears twice on frame " +
                  std::to_string(line.frame));
    masks[trackId].rle = line.rle;
    classOfTrack.emplace(trackId, line.classId);
  }
  std::set<int> classes;
  for (const auto& [trackId, classId] : classOfTrack) {
    annotation.objects.push_back({trackId, "", classId, "manual", std::nullopt});
    classes.insert(classId);
  }
  for (const int classId : classes)
    annotation.categories.push_back({classId, "class " + std::to_string(classId), ""});
  if (!annotation.frames.empty())
    annotation.video.frameCount = annotation.frames.rbegin()->first + 1;
  return annotation;
}

}  // namespace masklet::dataset
