#include "video/image_size.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <optional>

#include "common/error.h"

namespace masklet::video {
namespace {

using Size = std::pair<int, int>;

uint32_t bigEndian(const unsigned char* bytes, int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

// PNG: the 8-byte signature, then the IHDR chunk with width and height (big-endian).
std::optional<Size> pngSize(std::ifstream& in) {
  std::array<unsigned char, 24> head{};
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return std::nullopt;
  static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!std::equal(head.begin(), head.begin() + 8, kSignature)) return std::nullopt;
  if (head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') return std::nullopt;
  return Size{int(bigEndian(&head[16], 4)), int(bigEndian(&head[20], 4))};
}

// JPEG: walk the marker segments to the first start-of-frame (SOF0-15 except DHT, JPG, DAC).
std::optional<Size> jpegSize(std::ifstream& in) {
  in.seekg(0);
  unsigned char soi[2];
  if (!in.read(reinterpret_cast<char*>(soi), 2) || soi[0] != 0xFF || soi[1] != 0xD8)
    return std::nullopt;
  for (int segments = 0; segments < 1000; ++segments) {
    int byte = in.get();
    while (byte == 0xFF) byte = in.get();  // fill bytes before a marker
    if (byte == EOF) return std::nullopt;
    const int marker = byte;
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;
    unsigned char length[2];
    if (!in.read(reinterpret_cast<char*>(length), 2)) return std::nullopt;
    const uint32_t size = bigEndian(length, 2);
    if (size < 2) return std::nullopt;
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      unsigned char frame[5];
      if (!in.read(reinterpret_cast<char*>(frame), 5)) return std::nullopt;
      return Size{int(bigEndian(&frame[3], 2)), int(bigEndian(&frame[1], 2))};
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // no frame header before data
    in.seekg(std::streamoff(size - 2), std::ios::cur);
  }
  return std::nullopt;
}

}  // namespace

std::pair<int, int> readImageSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read image '" + path + "': the file cannot be opened");
  std::optional<Size> size = pngSize(in);
  if (!size) {
    in.clear();
    size = jpegSize(in);
  }
  if (size && size->first > 0 && size->second > 0) return *size;
  // Other formats (or an unusual header): decode it.
  const cv::Mat image = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
  if (image.empty())
    throw Error("cannot read image '" + path + "': not a readable JPEG/PNG/BMP/TIFF/WebP file");
  return {image.cols, image.rows};
}

}  // namespace masklet::video
