#pragma once
// A cheap identity of a video's content, to recognise it after it moved or was renamed: the
// file size and a hash of its first and last MiB (an image folder: its file names and sizes).
// Not a security check; two different videos of the same size and ends are not expected.
#include <filesystem>
#include <string>

namespace masklet::project {

// "" when the path cannot be read.
std::string videoFingerprint(const std::filesystem::path& path);

}  // namespace masklet::project
