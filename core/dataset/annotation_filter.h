#pragma once
// The part of an annotation an export asks for: a frame range, every stride-th frame of it, and
// some of the objects. The dataset writers then write what is left, so an export of "frames
// 5-9, every 2nd, object 3" is this filter followed by any writer.
#include <set>
#include <vector>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct AnnotationSelection {
  int firstFrame = 0;
  int lastFrame = -1;      // inclusive; < 0 = the video's last frame
  int stride = 1;          // frames firstFrame, firstFrame + stride, ... (>= 1)
  std::set<int> trackIds;  // the objects to keep; empty = every object
};

// The frames of [firstFrame, lastFrame] the selection keeps, ascending (lastFrame < 0 needs
// the video's frame count; with it unknown, the last annotated frame ends the range).
std::vector<int> selectedFrames(const VideoAnnotation& annotation,
                                const AnnotationSelection& selection);
// A copy with only the selected frames and objects (the video facts and categories are kept,
// frame indices stay the video's). A selected frame that had masks of other objects only stays
// listed, empty: it was annotated and the kept objects are absent there. An imported
// editedFrameCount is dropped when frames are (the frames' flags count then). Throws masklet::Error
// for a stride < 1, a range that is empty or outside the video, or an unknown track id.
VideoAnnotation filterAnnotation(const VideoAnnotation& annotation,
                                 const AnnotationSelection& selection);

}  // namespace masklet::dataset
