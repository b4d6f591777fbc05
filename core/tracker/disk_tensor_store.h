#pragma once
// A bounded on-disk store of tensor lists, the second tier behind the RAM caches (image
// features, memory-conditioned features): what no longer fits the RAM budget is written here
// and read back instead of being computed again. Bytes are stored exactly (any dtype), so a
// hit gives the same values as the computation. Least recently used entries are deleted when
// the disk budget is exceeded; the folder is removed with the store.
// Thread-safety: used by the session's thread only.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace masklet::tracker {

class DiskTensorStore {
 public:
  // budgetBytes 0 disables the store (put does nothing). A private folder is made below
  // `parent` (empty: userCacheDir(), on disk also where /tmp lives in RAM) on first use. Throws
  // masklet::Error when it cannot be made.
  DiskTensorStore(std::size_t budgetBytes, std::string parent = {});
  ~DiskTensorStore();
  DiskTensorStore(const DiskTensorStore&) = delete;
  DiskTensorStore& operator=(const DiskTensorStore&) = delete;

  bool enabled() const { return m_budget > 0; }
  // Writes `tensors` (moved to the CPU, made contiguous) under `key`, replacing an older entry.
  // An entry larger than the whole budget is not stored. A failed write (disk full) drops the
  // entry and disables the store rather than failing the caller's work.
  void put(const std::string& key, const std::vector<torch::Tensor>& tensors);
  // The tensors stored under `key` on `device`, or nothing.
  std::optional<std::vector<torch::Tensor>> get(const std::string& key,
                                                const torch::Device& device);
  void erase(const std::string& key);
  void clear();
  void setBudget(std::size_t budgetBytes);

  std::size_t bytes() const { return m_bytes; }
  std::size_t entries() const { return m_entries.size(); }

 private:
  struct Entry {
    std::string path;
    std::size_t bytes = 0;
    std::list<std::string>::iterator position;  // in m_order
  };
  std::string folder();
  void evictToBudget();
  void removeEntry(std::unordered_map<std::string, Entry>::iterator it);

  std::size_t m_budget;
  std::string m_parent;
  std::string m_folder;  // made lazily
  std::size_t m_bytes = 0;
  uint64_t m_nextFile = 0;
  std::list<std::string> m_order;  // most recently used first
  std::unordered_map<std::string, Entry> m_entries;
};

}  // namespace masklet::tracker
