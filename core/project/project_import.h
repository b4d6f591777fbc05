#pragma once
// Bringing annotations from a dataset file (COCO, SA-V, SA-1B, PNG masks) into a project.
#include <map>

#include "dataset/video_annotation.h"
#include "project/annotation_project.h"

namespace masklet::project {

// Adds every object of `imported` as a new object of `project` (fresh ids, so nothing already
// annotated is overwritten), with its name, its category (added by name when the project
// lacks it) and all its masks. Returns imported track id -> new object id. Throws
// masklet::Error when the imported masks do not have the video's size.
std::map<int, int> importAnnotation(AnnotationProject& project,
                                    const dataset::VideoAnnotation& imported);

}  // namespace masklet::project
