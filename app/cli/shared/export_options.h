#pragma once
// The export flags that `convert` and `track` share for the training layouts: split,
// seed, chunk, frame images, YOLO tolerance, DAVIS resolution.
#include <string>
#include <utility>
#include <vector>

#include "dataset/dataset_format.h"

namespace masklet::cli {

// Flags this handles, each taking one value.
bool isExportFlag(const std::string& flag);
// Applies one flag to `options` (images: only the extension and quality; the caller sets the
// provider). Throws UsageError naming the flag for a bad value.
void applyExportFlag(const std::string& flag, const std::string& value,
                     dataset::DatasetWriteOptions& options);
// The help lines of these flags.
const char* exportFlagsHelp();

}  // namespace masklet::cli
