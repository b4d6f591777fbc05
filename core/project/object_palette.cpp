#include "project/object_palette.h"

#include <cstddef>

namespace masklet::project {

const std::vector<PaletteColor>& objectPalette() {
  static const std::vector<PaletteColor> palette{
      {0x1f77b4, "blue"},   {0xff7f0e, "orange"}, {0x2ca02c, "green"}, {0xd62728, "red"},
      {0x9467bd, "purple"}, {0x8c564b, "brown"},  {0xe377c2, "pink"},  {0xbcbd22, "olive"},
      {0x17becf, "cyan"},   {0x7f7f7f, "grey"}};
  return palette;
}

uint32_t paletteColor(int objectId) {
  const auto& palette = objectPalette();
  const int size = int(palette.size());
  return palette[std::size_t(((objectId - 1) % size + size) % size)].rgb;
}

}  // namespace masklet::project
