#include "dataset/dataset_split.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>

#include "common/error.h"

namespace masklet::dataset {
namespace {

// Fisher-Yates on mt19937's raw output: std::shuffle and the distributions may differ between
// standard libraries, this does not (the same seed gives the same split everywhere).
void shuffle(std::vector<std::size_t>& order, std::uint32_t seed) {
  std::mt19937 rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
}

// How many of `count` units each split gets: the shares rounded down, the rest one by one to the
// largest remainders (train first on ties); then every split with a share gets at least one
// unit while there are enough, taken from the largest.
std::array<std::size_t, 3> unitsPerSplit(std::size_t count, const std::array<double, 3>& f) {
  const double total = f[0] + f[1] + f[2];
  std::array<std::size_t, 3> units{0, 0, 0};
  std::array<double, 3> remainder{0, 0, 0};
  std::size_t given = 0;
  for (std::size_t s = 0; s < 3; ++s) {
    const double exact = count * f[s] / total;
    units[s] = static_cast<std::size_t>(std::floor(exact));
    remainder[s] = exact - units[s];
    given += units[s];
  }
  while (given < count) {
    std::size_t best = 0;
    for (std::size_t s = 1; s < 3; ++s)
      if (remainder[s] > remainder[best]) best = s;
    ++units[best];
    remainder[best] = -1;
    ++given;
  }
  for (std::size_t s = 0; s < 3; ++s)
    if (f[s] > 0 && units[s] == 0 && count >= 3) {
      const auto largest = std::max_element(units.begin(), units.end());
      --*largest;
      ++units[s];
    }
  return units;
}

std::vector<Split> assign(std::size_t count, const SplitOptions& options) {
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  shuffle(order, options.seed);
  const auto units = unitsPerSplit(count, options.fractions);
  std::vector<Split> splits(count, Split::Train);
  std::size_t next = 0;
  for (const Split split : kSplits)
    for (std::size_t n = 0; n < units[static_cast<int>(split)]; ++n) splits[order[next++]] = split;
  return splits;
}

}  // namespace

const char* splitName(Split split) {
  switch (split) {
    case Split::Train:
      return "train";
    case Split::Valid:
      return "valid";
    case Split::Test:
      return "test";
  }
  return "?";
}

void checkSplitOptions(const SplitOptions& options) {
  for (const double f : options.fractions)
    if (!(f >= 0) || !std::isfinite(f))
      throw Error("split fractions must be zero or more, got " + std::to_string(f));
  if (options.fractions[0] + options.fractions[1] + options.fractions[2] <= 0)
    throw Error("split fractions: at least one must be above zero");
  if (options.chunkFrames < 0) throw Error("split chunk: frames per chunk must be 0 or more");
}

std::array<double, 3> parseSplitFractions(const std::string& text) {
  std::array<double, 3> fractions{0, 0, 0};
  std::size_t count = 0, start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find_first_of("/,:", start);
    const std::string part = text.substr(start, end == std::string::npos ? end : end - start);
    char* stop = nullptr;
    const double value = std::strtod(part.c_str(), &stop);
    if (part.empty() || stop == nullptr || *stop != '\0' || count >= 3)
      throw Error("split '" + text + "': expected train/valid/test such as 80/10/10");
    fractions[count++] = value;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (count < 2) throw Error("split '" + text + "': expected train/valid/test such as 80/10/10");
  SplitOptions check;
  check.fractions = fractions;
  checkSplitOptions(check);
  return fractions;
}

std::vector<FrameChunk> planVideoSplit(const VideoAnnotation& annotation,
                                       const SplitOptions& options) {
  checkSplitOptions(options);
  std::vector<int> frames;
  for (const auto& entry : annotation.frames) frames.push_back(entry.first);
  std::vector<FrameChunk> chunks;
  if (frames.empty()) return chunks;
  if (!options.isSplit()) {
    chunks.push_back({Split::Train, frames});
    return chunks;
  }
  const std::size_t size = options.chunkFrames > 0
                               ? static_cast<std::size_t>(options.chunkFrames)
                               : std::max<std::size_t>(1, (frames.size() + 19) / 20);
  for (std::size_t i = 0; i < frames.size(); i += size)
    chunks.push_back(
        {Split::Train, std::vector<int>(frames.begin() + static_cast<std::ptrdiff_t>(i),
                                        frames.begin() + static_cast<std::ptrdiff_t>(
                                                             std::min(frames.size(), i + size)))});
  const std::vector<Split> splits = assign(chunks.size(), options);
  for (std::size_t i = 0; i < chunks.size(); ++i) chunks[i].split = splits[i];
  return chunks;
}

std::vector<Split> planItemSplit(std::size_t count, const SplitOptions& options) {
  checkSplitOptions(options);
  return options.isSplit() ? assign(count, options) : std::vector<Split>(count, Split::Train);
}

std::array<SplitCount, 3> countSplit(const VideoAnnotation& annotation,
                                     const std::vector<FrameChunk>& chunks) {
  std::array<SplitCount, 3> counts{};
  for (const auto& chunk : chunks) {
    SplitCount& count = counts[static_cast<int>(chunk.split)];
    for (const int frame : chunk.frames) {
      ++count.images;
      for (const auto& entry : annotation.frames.at(frame))
        if (rleArea(entry.second.rle) > 0) ++count.instances;
    }
  }
  return counts;
}

Json splitsToJson(const VideoAnnotation& annotation, const SplitOptions& options,
                  const std::vector<FrameChunk>& chunks) {
  Json root = {{"video", annotation.video.name},
               {"seed", options.seed},
               {"fractions", options.fractions},
               {"chunk_frames", options.chunkFrames}};
  for (const Split split : kSplits) {
    Json frames = Json::array();
    for (const auto& chunk : chunks)
      if (chunk.split == split)
        for (const int frame : chunk.frames) frames.push_back(frame);
    root[splitName(split)] = std::move(frames);
  }
  return root;
}

}  // namespace masklet::dataset
