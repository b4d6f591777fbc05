#pragma once
// The default colour of a new object: stable for an id, distinct for neighbouring ids.
#include <cstdint>

namespace masklet::project {

// 0xRRGGBB from a Tableau-like palette, readable on video and on each other.
uint32_t paletteColor(int objectId);

}  // namespace masklet::project
