#pragma once
// Imports the SA-1B training layout (sa1b_training_writer.h): the JSON files of train/, valid/
// and test/ together as one video (frames from image.frame_index).
#include <filesystem>

#include "dataset/video_annotation.h"

namespace masklet::dataset {

// True when the folder has a train/, valid/ or test/ folder holding .json files.
bool isSa1bTrainingLayout(const std::filesystem::path& folder);
VideoAnnotation readSa1bTraining(const std::filesystem::path& folder);

}  // namespace masklet::dataset
