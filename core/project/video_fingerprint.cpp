#include "project/video_fingerprint.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

namespace masklet::project {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

void hashBytes(std::uint64_t& hash, const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= kFnvPrime;
  }
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string fileFingerprint(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return "";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  constexpr std::uint64_t kChunk = 1 << 20;
  std::vector<char> buffer(kChunk);
  std::uint64_t hash = kFnvOffset;
  for (const std::uint64_t offset : {std::uint64_t(0), size > kChunk ? size - kChunk : 0}) {
    in.seekg(std::streamoff(offset));
    in.read(buffer.data(), std::streamsize(std::min(kChunk, size)));
    hashBytes(hash, buffer.data(), std::size_t(in.gcount()));
    in.clear();
  }
  return "file:" + std::to_string(size) + ":" + hex(hash);
}

std::string folderFingerprint(const std::filesystem::path& path) {
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
    std::error_code sizeError;
    if (!entry.is_regular_file(sizeError)) continue;
    files.emplace_back(entry.path().filename().string(), entry.file_size(sizeError));
  }
  if (error) return "";
  std::sort(files.begin(), files.end());
  std::uint64_t hash = kFnvOffset;
  for (const auto& [name, size] : files) {
    hashBytes(hash, name.data(), name.size());
    const std::string sizeText = ":" + std::to_string(size) + ";";
    hashBytes(hash, sizeText.data(), sizeText.size());
  }
  return "folder:" + std::to_string(files.size()) + ":" + hex(hash);
}

}  // namespace

std::string videoFingerprint(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return folderFingerprint(path);
  return fileFingerprint(path);
}

}  // namespace masklet::project
