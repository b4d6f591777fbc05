#include "dataset/davis_reader.h"

#include <algorithm>
#include <fstream>

#include "common/error.h"
#include "dataset/png_masks_reader.h"
#include "dataset/training_export.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

std::vector<fs::path> sequenceFolders(const fs::path& folder) {
  std::vector<fs::path> sequences;
  fs::path annotations = folder / "Annotations";
  if (!fs::is_directory(annotations)) return {folder};  // one sequence's folder of PNGs
  std::vector<fs::path> resolutions;
  for (const auto& entry : fs::directory_iterator(annotations))
    if (entry.is_directory()) resolutions.push_back(entry.path());
  fs::path chosen;
  for (const char* name : {"Full-Resolution", "480p"})
    if (chosen.empty() && fs::is_directory(annotations / name)) chosen = annotations / name;
  if (chosen.empty() && resolutions.size() == 1) chosen = resolutions.front();
  if (chosen.empty())
    throw Error(annotations.string() + ": expected a 480p or Full-Resolution folder");
  for (const auto& entry : fs::directory_iterator(chosen))
    if (entry.is_directory()) sequences.push_back(entry.path());
  std::sort(sequences.begin(), sequences.end());
  if (sequences.empty()) throw Error(chosen.string() + ": no sequence folders");
  return sequences;
}

}  // namespace

bool isPalettePng(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char header[26] = {};
  if (!in.read(header, sizeof header)) return false;
  // 8-byte signature, IHDR length and type, width, height, bit depth, then the colour type.
  return std::string(header + 1, 3) == "PNG" && std::string(header + 12, 4) == "IHDR" &&
         header[25] == 3;
}

VideoAnnotation readDavis(const fs::path& folder) {
  VideoAnnotation annotation;
  const std::vector<fs::path> sequences = sequenceFolders(folder);
  for (const fs::path& sequence : sequences) {
    for (const auto& entry : fs::directory_iterator(sequence))
      if (entry.path().extension() == ".png" && !isPalettePng(entry.path()))
        throw Error(entry.path().string() +
                    ": not a palette PNG (DAVIS masks are 8-bit indexed images)");
    VideoAnnotation part = readPngMasks(sequence);
    if (annotation.frames.empty() && annotation.objects.empty()) {
      annotation.video = part.video;
      annotation.categories = part.categories;
    } else if (part.video.width != annotation.video.width ||
               part.video.height != annotation.video.height) {
      throw Error(sequence.string() + ": mask size differs from the other sequences'");
    }
    for (auto& [frame, masks] : part.frames)
      if (!annotation.frames.emplace(frame, std::move(masks)).second)
        throw Error(sequence.string() + ": frame " + std::to_string(frame) +
                    " is also in another sequence");
    for (const auto& object : part.objects)
      if (annotation.findObject(object.trackId) == nullptr) annotation.objects.push_back(object);
  }
  std::sort(annotation.objects.begin(), annotation.objects.end(),
            [](const auto& a, const auto& b) { return a.trackId < b.trackId; });
  annotation.video.name = sequences.size() == 1 ? sequences.front().filename().string() : "";
  if (const std::string name = splitsVideoName(folder); !name.empty()) annotation.video.name = name;
  if (annotation.video.name.empty()) annotation.video.name = folder.filename().string();
  if (!annotation.frames.empty())
    annotation.video.frameCount = annotation.frames.rbegin()->first + 1;
  return annotation;
}

}  // namespace masklet::dataset
