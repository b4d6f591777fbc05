#pragma once
// The annotation document of one video: its objects, the prompts the user gave and the masks
// per frame. Masks are stored as RLE (compact for long videos). Plain data, no Qt, no model:
// the GUI thread owns it and hands copies to the worker or the dataset writers.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dataset/video_annotation.h"

namespace masklet::project {

struct FramePrompts {
  std::vector<dataset::PromptPoint> points;  // frame pixels
  std::optional<std::array<double, 4>> box;  // x0, y0, x1, y1 in frame pixels
  bool empty() const { return points.empty() && !box; }
};

class AnnotationProject {
 public:
  std::string videoPath;  // file or image folder the project annotates
  dataset::VideoAnnotation annotation;
  // frame -> object id -> prompts given there
  std::map<int, std::map<int, FramePrompts>> prompts;

  // Adds an object with the next free id (1, 2, ...) and a default name; returns its id.
  int addObject(const std::string& name = "", int categoryId = 1);
  // Removes the object with its prompts and masks everywhere.
  void removeObject(int objectId);
  bool hasObject(int objectId) const { return annotation.findObject(objectId) != nullptr; }
  void renameObject(int objectId, const std::string& name);

  // Replaces the mask of an object on a frame (an empty mask removes it).
  void setMask(int frame, int objectId, dataset::MaskAnnotation mask);
  void clearPrompts(int frame, int objectId);
  FramePrompts& promptsAt(int frame, int objectId) { return prompts[frame][objectId]; }
  // Frames where an object has a non-empty mask / where it was prompted.
  std::vector<int> framesWithMask(int objectId) const;
  std::vector<int> framesWithPrompts(int objectId) const;

  // The annotation for export, with each frame's prompt points attached to its masks.
  dataset::VideoAnnotation toExport() const;
};

}  // namespace masklet::project
