#pragma once
// Imports MOTS text files (MOTSChallenge / KITTI MOTS, mots_writer.h) as one video: a folder with
// instances_txt/*.txt (every sequence; frames keep their numbers, so the chunks of a split video
// come back as the video), a folder of .txt files, or one .txt file. Lines of class 10 (KITTI's
// ignore regions) are skipped. Object: id % 1000 when that is unique, else the whole id; its
// category is the class id (named "class N").
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

// Throws masklet::Error naming the file and line for a line without 6 fields, bad numbers, a
// bad rle, a size that differs from the other lines, or an object twice on one frame.
VideoAnnotation readMots(const std::filesystem::path& path);

}  // namespace masklet::dataset
