#pragma once
// The default colour of a new object: stable for an id, distinct for neighbouring ids.
#include <cstdint>
#include <vector>

namespace masklet::project {

struct PaletteColor {
  uint32_t rgb;      // 0xRRGGBB
  const char* name;  // English, for menus and tooltips
};

// The distinct colours new objects cycle through (and the recolour menu offers), in order.
const std::vector<PaletteColor>& objectPalette();

// 0xRRGGBB from a Tableau-like palette, readable on video and on each other.
uint32_t paletteColor(int objectId);

}  // namespace masklet::project
