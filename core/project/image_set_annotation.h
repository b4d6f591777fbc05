#pragma once
// A Document of an image set (image mode) as the image-set writers take it: one entry per
// image (frame) named after its file and of its own size, holding every object's non-empty
// mask there with the model's scores and the prompt points.
#include <vector>

#include "dataset/image_set_writer.h"
#include "project/document.h"

namespace masklet::project {

// Throws masklet::Error when the document is not of an image set.
std::vector<dataset::AnnotatedImage> toAnnotatedImages(const Document& document);

}  // namespace masklet::project
