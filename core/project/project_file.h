#pragma once
// Saving and loading an AnnotationProject as a .masklet file (JSON; masks as compressed COCO
// RLE). Saving is atomic: the previous file stays intact until the new one is complete, so a
// crash or a full disk never loses what was already annotated.
#include <filesystem>

#include "project/annotation_project.h"

namespace masklet::project {

constexpr int kProjectFormatVersion = 1;

void saveProject(const AnnotationProject& project, const std::filesystem::path& path);
// Throws masklet::Error naming the file and the place of the problem (e.g. "x.masklet:
// frames[3].masks[0].rle.counts: runs cover 99 pixels, expected 100").
AnnotationProject loadProject(const std::filesystem::path& path);

}  // namespace masklet::project
