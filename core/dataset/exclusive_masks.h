#pragma once
// One object per pixel, as MOTS and DAVIS palette PNGs require: where masks overlap, the pixel
// goes to the mask the model scored higher (predicted IoU; a mask without a score ranks below
// any scored one; equal scores: the lower track id).
#include <limits>
#include <map>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

// Track id -> the object's pixels after overlaps are resolved (empty masks dropped).
std::map<int, Rle> exclusiveMasks(const std::map<int, MaskAnnotation>& masks);
// The pixel value of the background in exclusiveIdImage: no track id (SA-V counts from 0).
constexpr int kNoTrack = std::numeric_limits<int>::min();
// The same as one CV_32S image of track ids (kNoTrack: background); all masks share a size.
cv::Mat exclusiveIdImage(const std::map<int, MaskAnnotation>& masks, int height, int width);

}  // namespace masklet::dataset
