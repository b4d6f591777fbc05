#pragma once
// How many frames each object has a mask on and how many it was prompted on: the Objects
// panel's "Frames" column. One pass over the document's masks and prompts. GUI thread.
#include <map>

#include "project/document.h"

namespace masklet::ui {

struct ObjectFrameCount {
  int masked = 0;    // frames with a non-empty mask
  int prompted = 0;  // frames with prompts
};

// Every object of the document, also those with no frames (zero counts).
std::map<int, ObjectFrameCount> countObjectFrames(const project::Document& document);

}  // namespace masklet::ui
