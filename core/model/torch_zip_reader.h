#pragma once
// The zip container of torch.save, read with every size checked against the real file: the
// central directory, each entry's local header and data must lie inside the file, entries are
// stored (torch.save never compresses), and each record's CRC-32 is verified when it is read.
// Nothing is allocated from a size the file claims before that size is checked. No LibTorch
// here, so the fuzzer covers this code instrumented.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace masklet::model {

// Where the archive's bytes come from: a file on disk or a buffer in memory.
class ZipBytes {
 public:
  virtual ~ZipBytes() = default;
  virtual uint64_t size() const = 0;
  // Copies [offset, offset + count) to `out`; the range is checked by the caller.
  virtual void read(uint64_t offset, uint64_t count, char* out) = 0;
};

std::unique_ptr<ZipBytes> zipBytesOfFile(const std::string& path);
std::unique_ptr<ZipBytes> zipBytesOfBuffer(std::string buffer);

class TorchZipReader {
 public:
  // Parses the directory; throws masklet::Error with one line saying what the file is when it
  // is not a torch.save zip (empty, a raw pickle, another kind of file, truncated, damaged).
  // `name` is how messages refer to the file (its path, quoted).
  TorchZipReader(std::unique_ptr<ZipBytes> bytes, std::string name);

  uint64_t fileSize() const { return m_bytes->size(); }
  // Records by name inside the archive's top folder ("data.pkl", "data/0", ...).
  bool has(const std::string& record) const { return m_records.count(record) > 0; }
  uint64_t recordSize(const std::string& record) const;
  // Reads a record of exactly `count` = recordSize(record) bytes into `out`, checking its CRC.
  void readInto(const std::string& record, char* out, uint64_t count);
  std::string read(const std::string& record);

 private:
  struct Entry {
    std::string fullName;
    uint64_t localHeader = 0;
    uint64_t size = 0;
    uint32_t crc = 0;
    uint64_t dataStart = 0;  // resolved from the local header on first read
  };
  [[noreturn]] void fail(const std::string& message) const;
  void parseDirectory();
  uint64_t dataStart(Entry& entry);

  std::unique_ptr<ZipBytes> m_bytes;
  std::string m_name;
  std::map<std::string, Entry> m_records;
};

}  // namespace masklet::model
