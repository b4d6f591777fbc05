#pragma once
// The neutral in-memory annotation of one video that every reader fills and every writer
// reads: video facts, categories, objects (masklets) and, per frame, one RLE mask per object
// with what the model said about it. The project layer and the tracker fill it; the dataset
// formats are views of it. Plain data: not thread-safe, copy it to hand it to another thread.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataset/rle.h"

namespace masklet::dataset {

struct VideoInfo {
  std::string name;  // video id / file stem, used in file names and as the SA-V video_id
  int width = 0;
  int height = 0;
  int frameCount = 0;  // frames in the video (not only the annotated ones); 0 = unknown
  double fps = 0.0;    // 0 = unknown
  // Video attributes carried through from an imported file that Masklet has no field for
  // (e.g. SA-V video_environment): key and the value as JSON text, in file order.
  std::vector<std::pair<std::string, std::string>> extraAttributes;
};

struct Category {
  int id = 0;
  std::string name;
  std::string supercategory;
};

// What readers of formats without categories (SA-V, PNG masks, SA-1B) put every object in.
inline Category defaultCategory() {
  return Category{1, "object", ""};
}

struct AnnotatedObject {
  int trackId = 0;  // stable across frames: COCO track_id, SA-V masklet_id, PNG palette index
  std::string name;
  int categoryId = 0;
  std::string origin = "manual";  // SA-V masklet_type: "manual" or "auto"
  // Known only as a total (SA-V import); when empty, the frames' `edited` flags are counted.
  std::optional<int> editedFrameCount;
};

struct PromptPoint {
  double x = 0.0;
  double y = 0.0;
  int label = 1;  // 1 foreground, 0 background (SAM convention)
};

struct MaskAnnotation {
  Rle rle;
  std::optional<double> predictedIou;    // the model's IoU head
  std::optional<double> objectScore;     // the model's object-score logit (> 0: present)
  std::optional<double> stabilityScore;  // see stability_score.h
  std::vector<PromptPoint> points;       // prompts given on this frame for this object
  bool edited = false;                   // corrected by a person on this frame
  // The automatic mask generator's crop the mask was found in (x, y, w, h); unset: the whole
  // image (SA-1B's crop_box).
  std::optional<std::array<double, 4>> cropBox;
};

struct VideoAnnotation {
  VideoInfo video;
  std::vector<Category> categories;
  std::vector<AnnotatedObject> objects;
  // frame index -> track id -> mask. A frame listed with no masks is an annotated frame where
  // no object is visible; an object missing from a frame is absent (an empty mask).
  std::map<int, std::map<int, MaskAnnotation>> frames;

  const AnnotatedObject* findObject(int trackId) const;
  const Category* findCategory(int categoryId) const;
  const MaskAnnotation* findMask(int frame, int trackId) const;
  // Edited frames of an object: its editedFrameCount if set, else the frames flagged edited.
  int editedFrameCount(const AnnotatedObject& object) const;
};

}  // namespace masklet::dataset
