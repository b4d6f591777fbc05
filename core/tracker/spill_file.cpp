#include "tracker/spill_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "common/paths.h"

namespace masklet::tracker {

namespace fs = std::filesystem;

SpillFile::SpillFile(std::string parent) : m_parent(std::move(parent)) {}

SpillFile::~SpillFile() {
  if (m_fd >= 0) ::close(m_fd);
}

void SpillFile::open() {
  std::error_code error;
  // The caches' folder, on disk also where /tmp is a RAM file system.
  const fs::path parent = m_parent.empty() ? fs::path(userCacheDir()) : fs::path(m_parent);
  fs::create_directories(parent, error);
  std::string pattern = (parent / "masklet-track-XXXXXX").string();
  m_fd = ::mkstemp(pattern.data());
  if (m_fd < 0)
    throw Error("cannot make a file for the tracking state in " + parent.string() + " (" +
                std::strerror(errno) + "): make it writable or raise the tracking RAM budget");
  ::unlink(pattern.c_str());  // nameless: gone with the process
}

SpillFile::Slot SpillFile::write(const torch::Tensor& tensor) {
  if (m_fd < 0) open();
  const auto cpu = tensor.to(torch::kCPU).contiguous();
  Slot slot;
  slot.bytes = cpu.nbytes();
  slot.dtype = cpu.scalar_type();
  slot.sizes = cpu.sizes().vec();
  auto& free = m_free[slot.bytes];
  if (!free.empty()) {
    slot.offset = free.back();
    free.pop_back();
  } else {
    slot.offset = m_end;
    m_end += static_cast<int64_t>(slot.bytes);
  }
  const char* data = static_cast<const char*>(cpu.data_ptr());
  std::size_t done = 0;
  while (done < slot.bytes) {
    const ssize_t n = ::pwrite(m_fd, data + done, slot.bytes - done, slot.offset + done);
    if (n <= 0) {
      const int code = errno;
      m_free[slot.bytes].push_back(slot.offset);
      throw Error(std::string("cannot write the tracking state to disk (") + std::strerror(code) +
                  "): free disk space or raise the tracking RAM budget");
    }
    done += static_cast<std::size_t>(n);
  }
  m_inUse += slot.bytes;
  return slot;
}

torch::Tensor SpillFile::read(const Slot& slot, const torch::Device& device) const {
  auto tensor = torch::empty(slot.sizes, torch::TensorOptions().dtype(slot.dtype));
  readInto(slot, tensor.data_ptr());
  return tensor.to(device);
}

void SpillFile::readInto(const Slot& slot, void* target) const {
  char* data = static_cast<char*>(target);
  std::size_t done = 0;
  while (done < slot.bytes) {
    const ssize_t n = ::pread(m_fd, data + done, slot.bytes - done, slot.offset + done);
    if (n <= 0)
      throw Error(std::string("cannot read the tracking state back from disk (") +
                  (n < 0 ? std::strerror(errno) : "file truncated") +
                  "): the temp folder must stay while a video is open");
    done += static_cast<std::size_t>(n);
  }
}

void SpillFile::release(const Slot& slot) {
  if (slot.offset < 0) return;
  m_free[slot.bytes].push_back(slot.offset);
  m_inUse -= slot.bytes;
}

}  // namespace masklet::tracker
