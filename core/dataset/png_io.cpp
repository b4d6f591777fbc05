#include "dataset/png_io.h"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "common/error.h"
#include "dataset/atomic_output.h"

namespace masklet::dataset {
namespace {

// libpng reports errors by longjmp; these plain-C helpers keep every C++ object with a
// destructor outside the jumped-over frames and turn the message into an exception after.
struct PngContext {
  char message[256] = {0};
};

void onPngError(png_structp png, png_const_charp message) {
  auto* context = static_cast<PngContext*>(png_get_error_ptr(png));
  std::strncpy(context->message, message, sizeof context->message - 1);
  png_longjmp(png, 1);
}

void onPngWarning(png_structp, png_const_charp) {}

struct MemoryWriter {
  std::string* bytes;
};

void writeToMemory(png_structp png, png_bytep data, png_size_t length) {
  auto* writer = static_cast<MemoryWriter*>(png_get_io_ptr(png));
  writer->bytes->append(reinterpret_cast<const char*>(data), length);
}

void flushMemory(png_structp) {}

struct MemoryReader {
  const std::string* bytes;
  std::size_t offset;
};

void readFromMemory(png_structp png, png_bytep data, png_size_t length) {
  auto* reader = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (reader->offset + length > reader->bytes->size()) png_error(png, "the file is truncated");
  std::memcpy(data, reader->bytes->data() + reader->offset, length);
  reader->offset += length;
}

bool encodePng(const cv::Mat& indices, const png_color* colours, int colourCount,
               std::string* bytes, std::vector<png_bytep>* rows, PngContext* context) {
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, context, onPngError, onPngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  MemoryWriter writer{bytes};
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &writer, writeToMemory, flushMemory);
  png_set_IHDR(png, info, static_cast<png_uint_32>(indices.cols),
               static_cast<png_uint_32>(indices.rows), 8, PNG_COLOR_TYPE_PALETTE,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_PLTE(png, info, colours, colourCount);
  png_write_info(png, info);
  png_write_image(png, rows->data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

bool decodePng(const std::string* bytes, cv::Mat* out, std::vector<png_bytep>* rows,
               PngContext* context) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, context, onPngError, onPngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  MemoryReader reader{bytes, 0};
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, &reader, readFromMemory);
  png_read_info(png, info);
  const int colourType = png_get_color_type(png, info);
  const int bitDepth = png_get_bit_depth(png, info);
  if (colourType != PNG_COLOR_TYPE_PALETTE && colourType != PNG_COLOR_TYPE_GRAY)
    png_error(png, "not a palette or grayscale PNG (colour masks carry no object index)");
  if (bitDepth > 8) png_error(png, "16-bit PNG masks are not supported (use 8-bit indices)");
  if (bitDepth < 8) png_set_packing(png);  // one byte per pixel, values kept (not scaled)
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  if (width > 65535 || height > 65535) png_error(png, "image too large for a mask");
  out->create(static_cast<int>(height), static_cast<int>(width), CV_8UC1);
  rows->resize(height);
  for (png_uint_32 y = 0; y < height; ++y) (*rows)[y] = out->ptr<png_byte>(static_cast<int>(y));
  png_read_image(png, rows->data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

}  // namespace

PngPalette davisPalette() {
  PngPalette palette(256);
  for (int i = 0; i < 256; ++i) {
    int r = 0, g = 0, b = 0, c = i;
    for (int j = 0; j < 8; ++j) {
      r |= ((c >> 0) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    palette[i] = {static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
                  static_cast<std::uint8_t>(b)};
  }
  return palette;
}

void writeIndexedPng(const std::filesystem::path& path, const cv::Mat& indices,
                     const PngPalette& palette) {
  if (indices.type() != CV_8UC1 || indices.empty())
    throw Error("cannot write " + path.string() + ": the mask must be a non-empty 8-bit image");
  if (palette.empty() || palette.size() > 256)
    throw Error("cannot write " + path.string() + ": a palette has 1 to 256 colours");
  std::vector<png_color> colours;
  for (const auto& entry : palette) colours.push_back(png_color{entry[0], entry[1], entry[2]});
  const cv::Mat continuous = indices.isContinuous() ? indices : indices.clone();
  std::vector<png_bytep> rows(static_cast<std::size_t>(continuous.rows));
  for (int y = 0; y < continuous.rows; ++y)
    rows[static_cast<std::size_t>(y)] = const_cast<png_bytep>(continuous.ptr<png_byte>(y));
  std::string bytes;
  PngContext context;
  if (!encodePng(continuous, colours.data(), static_cast<int>(colours.size()), &bytes, &rows,
                 &context))
    throw Error("cannot write " + path.string() + ": " + context.message);
  writeFileAtomically(path, bytes);
}

cv::Mat readIndexedPng(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": no such file or not readable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  cv::Mat image;
  std::vector<png_bytep> rows;
  PngContext context;
  if (!decodePng(&bytes, &image, &rows, &context))
    throw Error(path.string() + ": cannot read the PNG mask: " + context.message);
  return image;
}

}  // namespace masklet::dataset
