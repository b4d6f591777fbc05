#pragma once
// COCO's compressed `counts` string, byte for byte as pycocotools rleToString / rleFrString:
// each run (from the fourth on, as the difference to the run two before) is written in 5-bit
// groups, low first, as the characters '0'..'o' (48 + group, +32 when more groups follow).
#include <cstdint>
#include <string>
#include <vector>

namespace masklet::dataset {

std::string countsToString(const std::vector<std::uint32_t>& counts);
// Throws masklet::Error naming `where` on characters outside '0'..'o', a truncated last run,
// or runs that come out negative or too large.
std::vector<std::uint32_t> countsFromString(const std::string& text, const std::string& where);

}  // namespace masklet::dataset
