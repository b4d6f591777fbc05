#pragma once
// Keeps the per-frame tracking state of a long video within a RAM budget: the two big tensors
// of each stored TrackOutput (pred_masks, the low-res logits, and maskmem_features, the
// bfloat16 memory) of the least recently used frames go to a SpillFile and come back bit for
// bit when the session reads them. The output keeps its generation, so caches keyed by
// generations (ConditionedFeatureCache) stay exact. Object pointers and score logits (about
// 1 KB a frame) stay in RAM. A spilled output has undefined pred_masks / maskmem_features
// until load() brings them back; an output spilled once is only dropped from RAM when it is
// evicted again (its bytes are still on disk).
// maskmem_features is SAM 2's map [1, C, H, W] or EdgeTAM's latents [1, N, C]: stored as is.
// Thread-safety: used by the session's thread only.
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracker/object_state.h"
#include "tracker/spill_file.h"
#include "tracker/tensor_pool.h"

namespace masklet::tracker {

class TrackStateSpill {
 public:
  TrackStateSpill(std::size_t ramBudgetBytes, std::string folder, torch::Device device);

  // Brings back what was spilled of `out` and marks it recently used.
  void load(TrackOutput& out);
  // load() on every stored output of `object` on `frame` (conditioning and tracked).
  void loadFrame(ObjectState& object, int64_t frame);
  // Spills the least recently used stored outputs of `objects` until the big tensors left in
  // RAM fit the budget, and forgets the disk copies of outputs no longer stored. Throws
  // masklet::Error when the disk cannot take them.
  void enforceBudget(std::vector<ObjectState>& objects);
  void clear();
  void setBudget(std::size_t ramBudgetBytes) { m_budget = ramBudgetBytes; }

  std::size_t budget() const { return m_budget; }
  // Bytes of pred_masks + maskmem_features in RAM at the last enforceBudget().
  std::size_t residentBytes() const { return m_resident; }
  std::size_t diskBytes() const { return m_file.bytesInUse(); }
  int64_t spilled() const { return m_spilled; }
  int64_t loaded() const { return m_loaded; }
  // RAM of the pooled blocks the state lives in (in use or free for the next frames).
  std::size_t pooledBytes() const { return m_pool.bytesHeld(); }

 private:
  struct Record {
    std::optional<SpillFile::Slot> predMasks;
    std::optional<SpillFile::Slot> memory;
    uint64_t lastUse = 0;
    uint64_t seen = 0;  // the enforceBudget() pass that last found it stored
  };
  void spill(TrackOutput& out, Record& record);
  void release(Record& record);
  torch::Tensor loadTensor(const SpillFile::Slot& slot);
  void adopt(TrackOutput& out);

  std::size_t m_budget;
  torch::Device m_device;
  SpillFile m_file;
  TensorPool m_pool;
  std::unordered_map<uint64_t, Record> m_records;  // by TrackOutput::generation
  uint64_t m_clock = 0;
  uint64_t m_pass = 0;
  std::size_t m_resident = 0;
  int64_t m_spilled = 0;
  int64_t m_loaded = 0;
};

}  // namespace masklet::tracker
