#pragma once
// Annotations of a set of unrelated still images (image mode: each image prompted on its own,
// sizes may differ), written as SA-1B (one JSON per image, named after the image) or as one
// COCO file. Same JSON layouts as the video writers (sa1b_writer.h, coco_writer.h), minus the
// video fields: SA-1B "image" {image_id, width, height, file_name} and annotations {id,
// segmentation (compressed RLE), bbox, area, predicted_iou, stability_score, crop_box (the
// whole image, x y w h), point_coords}.
#include <filesystem>
#include <string>
#include <vector>

#include "dataset/json_util.h"
#include "dataset/video_annotation.h"

namespace masklet::dataset {

struct AnnotatedImage {
  std::string fileName;  // written as file_name; its stem names the SA-1B JSON file
  int width = 0;
  int height = 0;
  std::vector<MaskAnnotation> masks;  // empty masks are not written (SA-1B has none)
  // COCO category of each mask (same order); empty: every mask is category 1 "object".
  std::vector<int> categoryIds = {};
};

// imageId is the image's 1-based place in the set; annotation ids continue from
// nextAnnotationId. Throws masklet::Error for a mask of another size than the image.
Json sa1bImageToJson(const AnnotatedImage& image, int imageId, int& nextAnnotationId);
// Folder of <stem>.json files, written atomically. Throws masklet::Error for two images with
// the same stem (their files would collide).
void writeSa1bImages(const std::vector<AnnotatedImage>& images,
                     const std::filesystem::path& folder);

// One COCO file: images, annotations (the masks' categories, iscrowd 0, the model's scores and
// prompt points), categories (`categories`, or only 1 "object" when empty). Loads in
// pycocotools as is.
Json cocoImagesToJson(const std::vector<AnnotatedImage>& images,
                      const std::vector<Category>& categories = {});
void writeCocoImages(const std::vector<AnnotatedImage>& images,
                     const std::filesystem::path& jsonPath,
                     const std::vector<Category>& categories = {});

}  // namespace masklet::dataset
