#pragma once
// One object per pixel, as MOTS and DAVIS palette PNGs require: where masks overlap, the pixel
// goes to the mask the model scored higher (predicted IoU; a mask without a score ranks below
// any scored one; equal scores: the lower track id).
#include <map>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

// Track id -> the object's pixels after overlaps are resolved (empty masks dropped).
std::map<int, Rle> exclusiveMasks(const std::map<int, MaskAnnotation>& masks);
// The same as one CV_32S image of track ids (0: background); all masks must share a size.
cv::Mat exclusiveIdImage(const std::map<int, MaskAnnotation>& masks, int height, int width);

}  // namespace masklet::dataset
