#pragma once
// A small synthetic clip for the training-layout tests: 24 frames of 64x48, categories "cat" and
// "dog's", object 1 an ellipse (score 0.9), object 2 a ring with a hole (score 0.6) overlapping
// it, object 7 two separate blobs (no score), all moving a pixel per frame.
#include <opencv2/imgproc.hpp>

#include "dataset/video_annotation.h"

namespace masklet::test {

inline dataset::VideoAnnotation trainingClip(int frames = 24) {
  using namespace masklet::dataset;
  VideoAnnotation clip;
  clip.video = {"clip a", 64, 48, frames, 25.0, {}};
  clip.categories = {{1, "cat", ""}, {2, "dog's", ""}};
  clip.objects = {{1, "ball", 1, "manual", std::nullopt},
                  {2, "ring", 2, "manual", std::nullopt},
                  {7, "pair", 1, "manual", std::nullopt}};
  for (int f = 0; f < frames; ++f) {
    cv::Mat a(48, 64, CV_8UC1, cv::Scalar(0)), b = a.clone(), c = a.clone();
    cv::ellipse(a, {14 + f / 2, 20}, {9, 6}, 15.0, 0, 360, 1, cv::FILLED);
    cv::rectangle(b, cv::Rect(20 + f / 3, 10, 22, 20), 1, cv::FILLED);
    cv::rectangle(b, cv::Rect(26 + f / 3, 15, 8, 8), 0, cv::FILLED);
    cv::circle(c, {50, 38}, 4 + f % 3, 1, cv::FILLED);
    cv::rectangle(c, cv::Rect(4, 36 - f / 4, 6, 5), 1, cv::FILLED);
    auto& masks = clip.frames[f];
    masks[1].rle = encodeMask(a);
    masks[1].predictedIou = 0.9;
    masks[2].rle = encodeMask(b);
    masks[2].predictedIou = 0.6;
    masks[7].rle = encodeMask(c);
  }
  return clip;
}

// A frame image for the provider: grey with the frame number in the red channel.
inline cv::Mat trainingFrame(int frame) {
  return cv::Mat(48, 64, CV_8UC3, cv::Scalar(90, 120, frame * 10));
}

}  // namespace masklet::test
