#pragma once
// One unlinked scratch file holding tensors that left RAM: raw bytes at fixed slots, so a
// tensor read back is bit-identical to the one written (any dtype). Freed slots are reused by
// later tensors of the same byte size (the per-frame tracking tensors all have one size each),
// so re-tracking a stretch does not grow the file. The file has no name once opened, so it
// disappears with the process even after a crash.
// Thread-safety: used by the session's thread only.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace masklet::tracker {

class SpillFile {
 public:
  struct Slot {
    int64_t offset = -1;
    std::size_t bytes = 0;
    at::ScalarType dtype = at::kFloat;
    std::vector<int64_t> sizes;
  };

  // The file is made below `parent` (empty: userCacheDir(), as the caches' disk tiers) on the
  // first write.
  explicit SpillFile(std::string parent = {});
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Throws masklet::Error when the file cannot be made or written (disk full).
  Slot write(const torch::Tensor& tensor);
  // The tensor stored in `slot` on `device`. Throws masklet::Error when the read fails.
  torch::Tensor read(const Slot& slot, const torch::Device& device) const;
  // Reads `slot` into `data` (slot.bytes bytes).
  void readInto(const Slot& slot, void* data) const;
  void release(const Slot& slot);

  std::size_t bytesInUse() const { return m_inUse; }
  std::size_t fileBytes() const { return static_cast<std::size_t>(m_end); }

 private:
  void open();

  std::string m_parent;
  int m_fd = -1;
  int64_t m_end = 0;
  std::size_t m_inUse = 0;
  std::map<std::size_t, std::vector<int64_t>> m_free;  // byte size -> free offsets
};

}  // namespace masklet::tracker
