#include "model/torch_zip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

#include "common/error.h"

namespace masklet::model {
namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint64_t kEndSize = 22;
constexpr uint64_t kZip64LocatorSize = 20;
constexpr uint64_t kZip64EndSize = 56;
constexpr uint64_t kCentralHeaderSize = 46;
constexpr uint64_t kLocalHeaderSize = 30;
constexpr const char* kExpected =
    "Masklet expects the zip archive torch.save writes (PyTorch 1.6 or later), such as the "
    "official sam2.1_hiera_*.pt";

uint64_t le(const char* p, int bytes) {
  uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | uint8_t(p[i]);
  return value;
}

class FileBytes : public ZipBytes {
 public:
  explicit FileBytes(const std::string& path) : m_in(path, std::ios::binary) {
    if (!m_in) throw Error("cannot open '" + path + "' for reading");
    m_in.seekg(0, std::ios::end);
    m_size = static_cast<uint64_t>(m_in.tellg());
  }
  uint64_t size() const override { return m_size; }
  void read(uint64_t offset, uint64_t count, char* out) override {
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(offset));
    m_in.read(out, static_cast<std::streamsize>(count));
    if (static_cast<uint64_t>(m_in.gcount()) != count)
      throw Error("read error (the file changed while it was read?)");
  }

 private:
  std::ifstream m_in;
  uint64_t m_size = 0;
};

class BufferBytes : public ZipBytes {
 public:
  explicit BufferBytes(std::string buffer) : m_buffer(std::move(buffer)) {}
  uint64_t size() const override { return m_buffer.size(); }
  void read(uint64_t offset, uint64_t count, char* out) override {
    std::memcpy(out, m_buffer.data() + offset, count);
  }

 private:
  std::string m_buffer;
};

// A record name as it may appear in a message: printable ASCII, bounded length.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text.size() > 80 ? out + "..." : out;
}

}  // namespace

std::unique_ptr<ZipBytes> zipBytesOfFile(const std::string& path) {
  return std::make_unique<FileBytes>(path);
}
std::unique_ptr<ZipBytes> zipBytesOfBuffer(std::string buffer) {
  return std::make_unique<BufferBytes>(std::move(buffer));
}

TorchZipReader::TorchZipReader(std::unique_ptr<ZipBytes> bytes, std::string name)
    : m_bytes(std::move(bytes)), m_name(std::move(name)) {
  const uint64_t size = m_bytes->size();
  if (size == 0) fail("is empty (0 bytes), not a PyTorch checkpoint; " + std::string(kExpected));
  char head[4] = {0, 0, 0, 0};
  m_bytes->read(0, std::min<uint64_t>(size, 4), head);
  const bool zipStart = le(head, 4) == kLocalHeaderSignature || le(head, 4) == kEndSignature;
  if (!zipStart) {
    const bool pickle = uint8_t(head[0]) == 0x80 && head[1] >= 2 && head[1] <= 5;
    fail(pickle ? "is not a readable PyTorch checkpoint: it is a raw pickle (the legacy "
                  "torch.save format of PyTorch before 1.6, or not a checkpoint at all); " +
                      std::string(kExpected) +
                      " (load it in Python and torch.save it again to convert it)"
                : "is not a readable PyTorch checkpoint: it is not a zip archive; " +
                      std::string(kExpected));
  }
  parseDirectory();
}

void TorchZipReader::fail(const std::string& message) const {
  throw Error(m_name + " " + message);
}

void TorchZipReader::parseDirectory() {
  const uint64_t size = m_bytes->size();
  // The end record is the last 22 bytes plus an optional comment of up to 65535 bytes.
  const uint64_t tailSize = std::min<uint64_t>(size, kEndSize + 0xffff);
  std::string tail(tailSize, '\0');
  m_bytes->read(size - tailSize, tailSize, tail.data());
  uint64_t end = UINT64_MAX;  // offset of the end record in the file
  for (uint64_t i = tailSize >= kEndSize ? tailSize - kEndSize + 1 : 0; i-- > 0;) {
    if (le(&tail[i], 4) == kEndSignature && i + kEndSize + le(&tail[i + 20], 2) <= tailSize) {
      end = size - tailSize + i;
      break;
    }
  }
  if (end == UINT64_MAX)
    fail(
        "is not a readable PyTorch checkpoint: a zip archive whose directory at the end is "
        "missing (truncated download?)");
  const char* record = &tail[end - (size - tailSize)];
  uint64_t entries = le(record + 10, 2);
  uint64_t directorySize = le(record + 12, 4);
  uint64_t directoryOffset = le(record + 16, 4);
  uint64_t directoryEnd = end;
  if (end >= kZip64LocatorSize) {  // zip64: the real counts and offsets are in another record
    char locator[kZip64LocatorSize];
    m_bytes->read(end - kZip64LocatorSize, kZip64LocatorSize, locator);
    if (le(locator, 4) == kZip64LocatorSignature) {
      const uint64_t at = le(locator + 8, 8);
      if (at > end - kZip64LocatorSize || end - kZip64LocatorSize - at < kZip64EndSize)
        fail(
            "is not a readable PyTorch checkpoint: its zip64 directory record lies outside the "
            "file (damaged or truncated file)");
      char zip64[kZip64EndSize];
      m_bytes->read(at, kZip64EndSize, zip64);
      if (le(zip64, 4) != kZip64EndSignature)
        fail("is not a readable PyTorch checkpoint: damaged zip64 directory record");
      entries = le(zip64 + 32, 8);
      directorySize = le(zip64 + 40, 8);
      directoryOffset = le(zip64 + 48, 8);
      directoryEnd = at;
    }
  }
  if (directoryOffset > directoryEnd || directorySize > directoryEnd - directoryOffset)
    fail("is not a readable PyTorch checkpoint: its zip directory claims " +
         std::to_string(directorySize) + " bytes at offset " + std::to_string(directoryOffset) +
         ", beyond the file's " + std::to_string(size) + " bytes (damaged or truncated file)");
  if (entries > directorySize / kCentralHeaderSize)
    fail("is not a readable PyTorch checkpoint: its zip directory claims " +
         std::to_string(entries) + " entries in " + std::to_string(directorySize) +
         " bytes (damaged file)");
  std::string directory(directorySize, '\0');
  m_bytes->read(directoryOffset, directorySize, directory.data());

  uint64_t pos = 0;
  for (uint64_t index = 0; index < entries; ++index) {
    if (directorySize - pos < kCentralHeaderSize ||
        le(&directory[pos], 4) != kCentralHeaderSignature)
      fail("is not a readable PyTorch checkpoint: damaged zip directory (entry " +
           std::to_string(index) + ")");
    const char* h = &directory[pos];
    const uint64_t flags = le(h + 8, 2), method = le(h + 10, 2);
    Entry entry;
    entry.crc = static_cast<uint32_t>(le(h + 16, 4));
    uint64_t compressed = le(h + 20, 4), uncompressed = le(h + 24, 4);
    const uint64_t nameLength = le(h + 28, 2), extraLength = le(h + 30, 2),
                   commentLength = le(h + 32, 2);
    entry.localHeader = le(h + 42, 4);
    if (directorySize - pos - kCentralHeaderSize < nameLength + extraLength + commentLength)
      fail("is not a readable PyTorch checkpoint: damaged zip directory (entry " +
           std::to_string(index) + " runs past the directory)");
    entry.fullName.assign(h + kCentralHeaderSize, nameLength);
    // zip64 extra field: the 64-bit values of the fields marked 0xffffffff, in this order.
    for (uint64_t e = 0; e + 4 <= extraLength;) {
      const char* field = h + kCentralHeaderSize + nameLength + e;
      const uint64_t id = le(field, 2), length = le(field + 2, 2);
      if (e + 4 + length > extraLength) break;
      if (id == 1) {
        uint64_t at = 4;
        for (uint64_t* value : {&uncompressed, &compressed, &entry.localHeader}) {
          if (*value != 0xffffffff) continue;
          if (at + 8 > 4 + length)
            fail("is not a readable PyTorch checkpoint: damaged zip64 field");
          *value = le(field + at, 8);
          at += 8;
        }
      }
      e += 4 + length;
    }
    const std::string shown = "'" + printable(entry.fullName) + "'";
    if (flags & 1) fail("holds an encrypted zip entry " + shown + "; " + kExpected);
    if (method != 0 || compressed != uncompressed)
      fail("holds a compressed zip entry " + shown +
           " (torch.save stores its records uncompressed: was the file re-zipped?); " + kExpected);
    entry.size = uncompressed;
    if (entry.localHeader > directoryOffset || entry.size > directoryOffset - entry.localHeader)
      fail("is damaged or truncated: zip entry " + shown + " claims " + std::to_string(entry.size) +
           " bytes at offset " + std::to_string(entry.localHeader) + ", beyond the " +
           std::to_string(directoryOffset) + " bytes of data in the file");
    // torch.save puts every record in one top folder named after the file ("archive/data.pkl").
    const size_t slash = entry.fullName.find('/');
    const std::string record =
        slash == std::string::npos ? entry.fullName : entry.fullName.substr(slash + 1);
    if (!m_records.emplace(record, entry).second)
      fail("is damaged: the zip record " + shown + " appears twice");
    pos += kCentralHeaderSize + nameLength + extraLength + commentLength;
  }
}

uint64_t TorchZipReader::recordSize(const std::string& record) const {
  const auto found = m_records.find(record);
  if (found == m_records.end()) fail("has no record '" + printable(record) + "'");
  return found->second.size;
}

uint64_t TorchZipReader::dataStart(Entry& entry) {
  if (entry.dataStart != 0) return entry.dataStart;
  const uint64_t size = m_bytes->size();
  const std::string shown = "'" + printable(entry.fullName) + "'";
  if (entry.localHeader > size || size - entry.localHeader < kLocalHeaderSize)
    fail("is damaged or truncated: the zip header of " + shown +
         " lies beyond the end of the file");
  char header[kLocalHeaderSize];
  m_bytes->read(entry.localHeader, kLocalHeaderSize, header);
  if (le(header, 4) != kLocalHeaderSignature)
    fail("is damaged: the zip header of " + shown + " is not where the directory says");
  const uint64_t start =
      entry.localHeader + kLocalHeaderSize + le(header + 26, 2) + le(header + 28, 2);
  if (start > size || entry.size > size - start)
    fail("is damaged or truncated: zip entry " + shown + " claims " + std::to_string(entry.size) +
         " bytes at offset " + std::to_string(start) + ", beyond the end of the file (" +
         std::to_string(size) + " bytes)");
  entry.dataStart = start;
  return start;
}

void TorchZipReader::readInto(const std::string& record, char* out, uint64_t count) {
  const auto found = m_records.find(record);
  if (found == m_records.end()) fail("has no record '" + printable(record) + "'");
  Entry& entry = found->second;
  if (count != entry.size) fail("internal: wrong size for record '" + printable(record) + "'");
  m_bytes->read(dataStart(entry), count, out);
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION  // fuzzers could never forge a CRC
  uLong crc = crc32(0L, Z_NULL, 0);
  for (uint64_t done = 0; done < count;) {
    const uInt chunk = static_cast<uInt>(std::min<uint64_t>(count - done, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(out + done), chunk);
    done += chunk;
  }
  if (crc != entry.crc)
    fail("is damaged: the record '" + printable(entry.fullName) +
         "' does not match its checksum (corrupted download?)");
#endif
}

std::string TorchZipReader::read(const std::string& record) {
  std::string out(recordSize(record), '\0');
  readInto(record, out.data(), out.size());
  return out;
}

}  // namespace masklet::model
