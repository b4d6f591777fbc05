#include "tracker/track_state_spill.h"

#include <algorithm>
#include <utility>

namespace masklet::tracker {

namespace {

std::size_t bigBytes(const TrackOutput& out) {
  std::size_t bytes = 0;
  if (out.pred_masks.defined()) bytes += out.pred_masks.nbytes();
  if (out.maskmem_features.defined()) bytes += out.maskmem_features.nbytes();
  return bytes;
}

}  // namespace

TrackStateSpill::TrackStateSpill(std::size_t ramBudgetBytes, std::string folder,
                                 torch::Device device)
    : m_budget(ramBudgetBytes), m_device(device), m_file(std::move(folder)) {}

torch::Tensor TrackStateSpill::loadTensor(const SpillFile::Slot& slot) {
  ++m_loaded;
  if (!m_device.is_cpu()) return m_file.read(slot, m_device);
  auto tensor = m_pool.empty(slot.sizes, slot.dtype);
  m_file.readInto(slot, tensor.data_ptr());
  return tensor;
}

void TrackStateSpill::adopt(TrackOutput& out) {
  // Stored outputs move into pooled blocks (same bits), so spilled frames' RAM is reused.
  for (torch::Tensor* t : {&out.pred_masks, &out.maskmem_features})
    if (t->defined() && t->device().is_cpu()) *t = m_pool.copyOf(*t);
}

void TrackStateSpill::load(TrackOutput& out) {
  if (out.generation == 0) return;
  auto it = m_records.find(out.generation);
  if (it == m_records.end()) return;  // never spilled: all in RAM
  auto& record = it->second;
  record.lastUse = ++m_clock;
  if (!out.pred_masks.defined() && record.predMasks) out.pred_masks = loadTensor(*record.predMasks);
  if (!out.maskmem_features.defined() && record.memory)
    out.maskmem_features = loadTensor(*record.memory);
}

void TrackStateSpill::loadFrame(ObjectState& object, int64_t frame) {
  for (const bool isCond : {true, false}) {
    auto& outputs = outputsOf(object.outputs, isCond);
    if (auto it = outputs.find(frame); it != outputs.end()) load(it->second);
  }
}

void TrackStateSpill::spill(TrackOutput& out, Record& record) {
  // Bytes already on disk are the same values (same generation): only RAM is given back.
  if (out.pred_masks.defined()) {
    if (!record.predMasks) record.predMasks = m_file.write(out.pred_masks);
    out.pred_masks = torch::Tensor();
  }
  if (out.maskmem_features.defined()) {
    if (!record.memory) record.memory = m_file.write(out.maskmem_features);
    out.maskmem_features = torch::Tensor();
  }
  ++m_spilled;
}

void TrackStateSpill::release(Record& record) {
  if (record.predMasks) m_file.release(*record.predMasks);
  if (record.memory) m_file.release(*record.memory);
  record.predMasks.reset();
  record.memory.reset();
}

void TrackStateSpill::enforceBudget(std::vector<ObjectState>& objects) {
  ++m_pass;
  struct Resident {
    uint64_t lastUse;
    std::size_t bytes;
    TrackOutput* out;
    Record* record;
  };
  std::vector<Resident> resident;
  std::size_t bytes = 0;
  for (auto& object : objects) {
    for (const bool isCond : {true, false}) {
      for (auto& [frame, out] : outputsOf(object.outputs, isCond)) {
        if (out.generation == 0) continue;
        auto [it, added] = m_records.try_emplace(out.generation);
        if (added) {
          it->second.lastUse = ++m_clock;
          adopt(out);
        }
        it->second.seen = m_pass;
        if (const std::size_t b = bigBytes(out); b > 0) {
          bytes += b;
          resident.push_back({it->second.lastUse, b, &out, &it->second});
        }
      }
    }
  }
  // Outputs replaced or removed since the last pass: their disk slots are free again.
  for (auto it = m_records.begin(); it != m_records.end();) {
    if (it->second.seen != m_pass) {
      release(it->second);
      it = m_records.erase(it);
    } else {
      ++it;
    }
  }
  if (bytes > m_budget) {
    std::sort(resident.begin(), resident.end(),
              [](const Resident& a, const Resident& b) { return a.lastUse < b.lastUse; });
    for (const auto& r : resident) {
      if (bytes <= m_budget) break;
      spill(*r.out, *r.record);
      bytes -= r.bytes;
    }
  }
  m_resident = bytes;
}

void TrackStateSpill::clear() {
  for (auto& [generation, record] : m_records) release(record);
  m_records.clear();
  m_resident = 0;
}

}  // namespace masklet::tracker
