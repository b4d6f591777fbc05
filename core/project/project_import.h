#pragma once
// Bringing annotations from a dataset file (COCO, SA-V, SA-1B, PNG masks) into a Document.
#include <map>

#include "dataset/video_annotation.h"
#include "project/document.h"

namespace masklet::project {

// Adds every object of `imported` as a new object (fresh ids, so nothing already annotated is
// overwritten), with its name, its category (added by name when the document lacks it) and
// all its masks (source Imported), as one undoable command. With `asPrompts`, each object's
// first mask also becomes its mask prompt there, for the tracker to refine and propagate.
// Returns imported track id -> new object id. Throws masklet::Error, leaving the document
// unchanged, when the masks do not fit the video (size, frame range).
std::map<int, int> importAnnotation(Document& document, const dataset::VideoAnnotation& imported,
                                    bool asPrompts = false);

}  // namespace masklet::project
