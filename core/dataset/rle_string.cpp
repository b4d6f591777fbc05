#include "dataset/rle_string.h"

#include <limits>

#include "common/error.h"

namespace masklet::dataset {

std::string countsToString(const std::vector<std::uint32_t>& counts) {
  std::string text;
  text.reserve(counts.size() * 2);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::int64_t x = counts[i];
    if (i > 2) x -= static_cast<std::int64_t>(counts[i - 2]);
    bool more = true;
    while (more) {
      int c = static_cast<int>(x & 0x1f);
      x >>= 5;  // arithmetic shift: negative deltas end in a run of 1 bits
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      text.push_back(static_cast<char>(c + 48));
    }
  }
  return text;
}

std::vector<std::uint32_t> countsFromString(const std::string& text, const std::string& where) {
  std::vector<std::uint32_t> counts;
  std::size_t p = 0;
  while (p < text.size()) {
    const std::size_t start = p;
    std::int64_t x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      if (p >= text.size())
        throw Error(where + ": compressed counts end in the middle of a run (at character " +
                    std::to_string(start) + ")");
      const int c = static_cast<unsigned char>(text[p]) - 48;
      if (c < 0 || c > 0x3f)
        throw Error(where + ": invalid character '" + std::string(1, text[p]) +
                    "' in compressed counts at position " + std::to_string(p) +
                    " (expected '0'..'o')");
      if (k >= 12)
        throw Error(where + ": run " + std::to_string(counts.size()) +
                    " in compressed counts is too long (at character " + std::to_string(start) +
                    ")");
      x |= static_cast<std::int64_t>(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= static_cast<std::int64_t>(-1) * (std::int64_t{1} << (5 * k));
    }
    if (counts.size() > 2) x += counts[counts.size() - 2];
    if (x < 0 || x > std::numeric_limits<std::uint32_t>::max())
      throw Error(where + ": run " + std::to_string(counts.size()) +
                  " of the compressed counts decodes to " + std::to_string(x) +
                  " (runs must be 0..2^32-1)");
    counts.push_back(static_cast<std::uint32_t>(x));
  }
  return counts;
}

}  // namespace masklet::dataset
