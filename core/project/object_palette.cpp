#include "project/object_palette.h"

#include <array>
#include <cstddef>

namespace masklet::project {

uint32_t paletteColor(int objectId) {
  static const std::array<uint32_t, 10> palette{0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                                0x8c564b, 0xe377c2, 0xbcbd22, 0x17becf, 0x7f7f7f};
  const int size = int(palette.size());
  return palette[std::size_t(((objectId - 1) % size + size) % size)];
}

}  // namespace masklet::project
