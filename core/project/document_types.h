#pragma once
// The plain values the annotation Document is made of. No Qt, no model: copies of these cross
// threads (the GUI hands prompts to the worker, the worker hands masks back) and go to the
// dataset writers.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dataset/rle.h"
#include "dataset/video_annotation.h"

namespace masklet::project {

using dataset::PromptPoint;         // frame pixels, label 1 positive / 0 negative
using Box = std::array<double, 4>;  // x0, y0, x1, y1 in frame pixels

// One prompt call to the engine, in the order the user gave them. Replaying a frame's inputs in
// order reproduces exactly what the tracker computed (each call refines the previous mask, even
// one that starts over, as in the reference).
struct PromptInput {
  std::vector<PromptPoint> points;
  std::optional<Box> box;
  std::optional<dataset::Rle> mask;  // a whole mask (painted, imported)
  bool clearOld = false;             // drops the frame's earlier points (clear_old_points)
  // Whether the frame's earlier points stop counting: a box and a mask always start over.
  bool startsOver() const { return clearOld || box.has_value() || mask.has_value(); }
  bool operator==(const PromptInput& other) const;
  bool operator!=(const PromptInput& other) const { return !(*this == other); }
};

// An object's prompts on one frame.
struct FramePrompts {
  std::vector<PromptInput> inputs;
  bool empty() const { return inputs.empty(); }
  // The points in effect: those since the last input that started over (the view's markers).
  std::vector<PromptPoint> allPoints() const;
  // The box in effect, if the last input that started over had one.
  std::optional<Box> box() const;
  bool hasMask() const;
  // These prompts plus one more input (kept in order: the history replays exactly).
  FramePrompts with(const PromptInput& input) const;
  bool operator==(const FramePrompts& other) const { return inputs == other.inputs; }
  bool operator!=(const FramePrompts& other) const { return !(*this == other); }
};

// Where a mask came from; review and export tell them apart.
enum class MaskSource { Prompted, Tracked, Edited, Imported };
const char* toString(MaskSource source);
// Throws masklet::Error for an unknown name.
MaskSource maskSourceFromString(const std::string& name);

// What the model said about a mask (empty for painted or imported masks).
struct MaskSignals {
  std::optional<double> objectScore;   // object-score logit: > 0 the object is there
  std::optional<double> predictedIou;  // the IoU head's estimate for the chosen mask
  bool operator==(const MaskSignals& other) const {
    return objectScore == other.objectScore && predictedIou == other.predictedIou;
  }
  bool operator!=(const MaskSignals& other) const { return !(*this == other); }
};

// One object's mask on one frame, at video resolution. An empty RLE means "tracked, absent".
struct ObjectMask {
  dataset::Rle rle;
  MaskSource source = MaskSource::Tracked;
  MaskSignals quality;
  bool operator==(const ObjectMask& other) const;
  bool operator!=(const ObjectMask& other) const { return !(*this == other); }
};

struct ObjectInfo {
  int id = 0;  // never reused within a document
  std::string name;
  uint32_t color = 0;  // 0xRRGGBB
  int categoryId = 1;
  bool visible = true;
  bool operator==(const ObjectInfo& other) const;
  bool operator!=(const ObjectInfo& other) const { return !(*this == other); }
};

// One image of an image set (image mode): the file name in its folder and its size.
struct ImageRef {
  std::string name;
  int width = 0;
  int height = 0;
  bool operator==(const ImageRef& other) const {
    return name == other.name && width == other.width && height == other.height;
  }
  bool operator!=(const ImageRef& other) const { return !(*this == other); }
};

struct VideoRef {
  std::string path;  // file or image folder
  std::string name;  // stem, used in export file names
  int width = 0;
  int height = 0;
  int frameCount = 0;
  double fps = 0.0;
  // Identifies the content when the file moves (see video_fingerprint.h); empty = unknown.
  std::string fingerprint;
  // Image mode: the folder's images, one per frame in order, each annotated on its own (sizes
  // may differ; width/height are the first image's). Empty for a video.
  std::vector<ImageRef> images = {};
  bool isImageSet() const { return !images.empty(); }
  // (width, height) of a frame: its image's in image mode, else the video's.
  std::pair<int, int> frameSize(int frame) const;
  bool operator==(const VideoRef& other) const;
  bool operator!=(const VideoRef& other) const { return !(*this == other); }
};

using FrameObjectKey = std::pair<int, int>;  // frame, object id

// Everything a Document holds, as a value.
struct DocumentState {
  VideoRef video;
  std::vector<dataset::Category> categories;
  std::vector<ObjectInfo> objects;  // in creation order
  int nextObjectId = 1;
  std::map<FrameObjectKey, FramePrompts> prompts;
  std::map<FrameObjectKey, ObjectMask> masks;
  // Frames a reviewer marked "checked" for an object (review assist): the mask there was looked
  // at and accepted. A mark belongs to the mask it was given for: changing the mask drops it.
  std::set<FrameObjectKey> checked;
  bool operator==(const DocumentState& other) const;
  bool operator!=(const DocumentState& other) const { return !(*this == other); }
};

}  // namespace masklet::project
