#include "dataset/atomic_output.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>
#include <utility>
#include <vector>

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

// simulateFullDiskForNextWrites: writes that still succeed, then how many fail.
std::atomic<int> g_simulatedSuccesses{0};
std::atomic<int> g_simulatedFailures{0};

// Takes one from `counter` when it is above zero; says whether it did.
bool takeOne(std::atomic<int>& counter) {
  int left = counter.load();
  while (left > 0 && !counter.compare_exchange_weak(left, left - 1)) {
  }
  return left > 0;
}

bool takeSimulatedFailure() {
  return !takeOne(g_simulatedSuccesses) && takeOne(g_simulatedFailures);
}

// The AtomicDirectory folders this thread is filling (temporary, destination): an error names
// a file by its place in the destination, not in the hidden folder the user never sees.
thread_local std::vector<std::pair<fs::path, fs::path>> t_filling;

std::string shownPath(const fs::path& path) {
  for (auto it = t_filling.rbegin(); it != t_filling.rend(); ++it) {
    const fs::path inside = path.lexically_relative(it->first);
    if (!inside.empty() && *inside.begin() != "..") return (it->second / inside).string();
  }
  return path.string();
}

fs::path normalized(const fs::path& path) {
  // "out/" has an empty filename; the folder itself is what we replace.
  return path.filename().empty() ? path.parent_path() : path;
}

// The writer's pid in the name of a temporary file or unfinished folder that temporarySibling
// made (".<name>.tmp-<pid>-<n>", ".<name>.partial-<pid>-<n>"), or 0 for any other name.
pid_t writerOf(const std::string& name) {
  static const std::regex temporary(R"(\..+\.(tmp|partial)-([0-9]{1,10})-[0-9]+)");
  std::smatch match;
  return std::regex_match(name, match, temporary) ? static_cast<pid_t>(std::stoll(match[2])) : 0;
}

bool processGone(pid_t pid) {
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

}  // namespace

int removeAbandonedTemporaries(const fs::path& folder) {
  std::error_code error;
  int removed = 0;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::error_code ignored;
    if (processGone(writerOf(name)) && fs::remove_all(it->path(), ignored) > 0) ++removed;
  }
  return removed;
}

void simulateFullDiskForNextWrites(int count, int succeedFirst) {
  g_simulatedSuccesses = succeedFirst;
  g_simulatedFailures = count;
}

void writeFileAtomically(const fs::path& pathIn, const std::string& bytes) {
  const fs::path path = normalized(pathIn);
  const fs::path temporary = temporarySibling(path, "tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error("cannot write " + shownPath(path) + ": cannot create a file in its folder (" +
                  std::strerror(errno) + ")");
    // A simulated full disk stops half-way, as ENOSPC would, after some bytes reached the file.
    const bool simulateFailure = takeSimulatedFailure();
    const std::size_t size = simulateFailure ? bytes.size() / 2 : bytes.size();
    errno = 0;
    out.write(bytes.data(), static_cast<std::streamsize>(size));
    out.close();  // a write error may only show when the last buffer is flushed
    const int error = simulateFailure ? ENOSPC : errno;
    if (!out || simulateFailure) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw Error("cannot write " + shownPath(path) + ": " +
                  (error != 0 ? std::strerror(error) : "write failed (disk full?)"));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw Error("cannot write " + shownPath(path) + ": " + std::strerror(error));
  }
}

AtomicDirectory::AtomicDirectory(fs::path destination)
    : m_destination(normalized(destination)),
      m_temporary(temporarySibling(m_destination, "partial")) {
  std::error_code error;
  if (!fs::create_directory(m_temporary, error))
    throw Error("cannot create the output folder " + m_destination.string() + ": " +
                (error ? error.message() : std::string("a file of that name exists")));
  t_filling.emplace_back(m_temporary, m_destination);
}

AtomicDirectory::~AtomicDirectory() {
  const auto mine =
      std::find(t_filling.begin(), t_filling.end(), std::make_pair(m_temporary, m_destination));
  if (mine != t_filling.end()) t_filling.erase(mine);
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
