#pragma once
// Writes that never leave a partial result under the final name: a file is written next to
// its destination and renamed over it; a multi-file output is built in a temporary sibling
// folder that replaces the destination folder only on commit().
#include <filesystem>
#include <string>

namespace masklet::dataset {

// Writes `bytes` to `path` via a temporary file in the same folder and rename(2).
// Throws masklet::Error naming the path on failure (the temporary file is removed).
void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes);

// Test hook for the error paths (never called by the application): after `succeedFirst`
// more calls of writeFileAtomically (in any thread), the next `count` fail as on a full disk,
// after writing half of their bytes. count 0 ends it.
void simulateFullDiskForNextWrites(int count, int succeedFirst = 0);

// Removes what writers killed mid-write left in `folder`: the hidden temporary files of
// writeFileAtomically and unfinished AtomicDirectory folders whose process is gone. A folder
// set aside while replacing an output (".old") is kept: it may be the only copy. Returns how
// many were removed; never throws.
int removeAbandonedTemporaries(const std::filesystem::path& folder);

class AtomicDirectory {
 public:
  // Creates an empty temporary folder next to `destination` (whose parent must exist).
  explicit AtomicDirectory(std::filesystem::path destination);
  // Removes the temporary folder unless commit() succeeded.
  ~AtomicDirectory();
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;

  // Where to write the files now.
  const std::filesystem::path& path() const { return m_temporary; }
  const std::filesystem::path& destination() const { return m_destination; }
  // Moves the folder to its destination, replacing an existing folder there.
  void commit();

 private:
  std::filesystem::path m_destination;
  std::filesystem::path m_temporary;
  bool m_committed = false;
};

}  // namespace masklet::dataset
