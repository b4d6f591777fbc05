#include "dataset/atomic_output.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "common/error.h"

namespace fs = std::filesystem;

namespace masklet::dataset {
namespace {

// A sibling name unique to this process and call, so parallel writers never collide.
fs::path temporarySibling(const fs::path& destination, const char* tag) {
  static std::atomic<unsigned> counter{0};
  const fs::path parent = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
  return parent / ("." + destination.filename().string() + "." + tag + "-" +
                   std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

fs::path normalized(const fs::path& path) {
  // "out/" has an empty filename; the folder itself is what we replace.
  return path.filename().empty() ? path.parent_path() : path;
}

}  // namespace

void writeFileAtomically(const fs::path& pathIn, const std::string& bytes) {
  const fs::path path = normalized(pathIn);
  const fs::path temporary = temporarySibling(path, "tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error("cannot write " + path.string() + ": cannot create a file in its folder (" +
                  std::strerror(errno) + ")");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw Error("cannot write " + path.string() + ": write failed (disk full?)");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw Error("cannot write " + path.string() + ": " + std::strerror(error));
  }
}

AtomicDirectory::AtomicDirectory(fs::path destination)
    : m_destination(normalized(destination)),
      m_temporary(temporarySibling(m_destination, "partial")) {
  std::error_code error;
  if (!fs::create_directory(m_temporary, error))
    throw Error("cannot create the output folder " + m_destination.string() + ": " +
                (error ? error.message() : std::string("a file of that name exists")));
}

AtomicDirectory::~AtomicDirectory() {
  if (!m_committed) {
    std::error_code ignored;
    fs::remove_all(m_temporary, ignored);
  }
}

void AtomicDirectory::commit() {
  std::error_code error;
  fs::path displaced;
  if (fs::exists(m_destination, error)) {
    if (!fs::is_directory(m_destination))
      throw Error("cannot write the folder " + m_destination.string() +
                  ": a file of that name exists");
    // rename(2) cannot replace a non-empty folder: move the old one aside first.
    displaced = temporarySibling(m_destination, "old");
    fs::rename(m_destination, displaced, error);
    if (error)
      throw Error("cannot replace the folder " + m_destination.string() + ": " + error.message());
  }
  fs::rename(m_temporary, m_destination, error);
  if (error) {
    std::error_code ignored;
    if (!displaced.empty()) fs::rename(displaced, m_destination, ignored);
    throw Error("cannot write the folder " + m_destination.string() + ": " + error.message());
  }
  m_committed = true;
  if (!displaced.empty()) fs::remove_all(displaced, error);
}

}  // namespace masklet::dataset
