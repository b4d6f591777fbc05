#pragma once
// The image list of `masklet-cli segment` (prompted and --everything alike): folders expand to
// their images in natural name order, files are taken as given.
#include <filesystem>
#include <string>
#include <vector>

namespace masklet::cli {

// Throws masklet::Error for a missing path or a folder without images.
std::vector<std::filesystem::path> listSegmentImages(const std::vector<std::string>& inputs);

}  // namespace masklet::cli
