#pragma once
// What the training-ready exports (YOLO segmentation, MOTS, DAVIS 2017, SA-1B training layout)
// share: the split, the frame images, and how a frame's files are named.
#include <filesystem>
#include <string>

#include "dataset/dataset_split.h"
#include "dataset/frame_images.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct TrainingExportOptions {
  SplitOptions split;
  FrameImageOptions images;          // without a provider no images are written
  double polygonTolerance = 1.0;     // YOLO: polygon simplification in pixels (0: every corner)
  bool davisFullResolution = false;  // DAVIS: full-size frames instead of 480 px high
  // YOLO data.yaml's `path` when the folder is written somewhere first and moved after (the
  // GUI's staging); empty: the output folder.
  std::filesystem::path datasetRoot;
};

// The video's name made safe for a file name ("video" when empty).
std::string safeVideoName(const VideoAnnotation& annotation);
// "<video>_<frame:05d>": a frame's image and label stem in the flat training layouts.
std::string trainingStem(const VideoAnnotation& annotation, int frame);
// Throws masklet::Error naming `format` when the video size is unknown or a mask's size differs
// from it, or a mask belongs to no object.
void checkMasksFitVideo(const VideoAnnotation& annotation, const std::string& format);
// The categories in id order (defaultCategory() when there are none); the YOLO class of a
// category is its place in this list.
std::vector<Category> sortedCategories(const VideoAnnotation& annotation);
// The "video" of <folder>/splits.json, or "" (readers take the video's name from it).
std::string splitsVideoName(const std::filesystem::path& folder);
// "train 80 images / 212 instances, valid ..., test ...": what an export wrote per split.
std::string splitSummary(const std::array<SplitCount, 3>& counts);
// A chunk as its own sequence (DAVIS, MOTS): the video's name, or "<video>_<first:05d>" when
// the export is split (a sequence never spans two splits).
std::string sequenceName(const VideoAnnotation& annotation, const FrameChunk& chunk, bool split);

}  // namespace masklet::dataset
