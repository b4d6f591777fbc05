#include "tracker/disk_tensor_store.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "common/error.h"
#include "common/paths.h"

namespace masklet::tracker {

namespace fs = std::filesystem;

namespace {

// One file per entry: count, then per tensor dtype, rank, sizes and the raw bytes.
template <typename T>
void writeValue(std::ofstream& out, T value) {
  out.write(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
bool readValue(std::ifstream& in, T& value) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&value), sizeof(T)));
}

// A session that was killed leaves its folder behind: folders are named after the process
// that made them, and those whose process is gone are removed.
void removeFoldersOfEndedProcesses(const fs::path& parent) {
  std::error_code error;
  for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string prefix = "masklet-cache-";
    if (name.rfind(prefix, 0) != 0) continue;
    const auto pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || fs::exists("/proc/" + std::to_string(pid))) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

}  // namespace

DiskTensorStore::DiskTensorStore(std::size_t budgetBytes, std::string parent)
    : m_budget(budgetBytes), m_parent(std::move(parent)) {}

DiskTensorStore::~DiskTensorStore() {
  if (m_folder.empty()) return;
  std::error_code ignored;
  fs::remove_all(m_folder, ignored);
}

std::string DiskTensorStore::folder() {
  if (!m_folder.empty()) return m_folder;
  std::error_code error;
  const fs::path parent = m_parent.empty() ? fs::path(userCacheDir()) : fs::path(m_parent);
  fs::create_directories(parent, error);
  removeFoldersOfEndedProcesses(parent);
  std::string pattern =
      (parent / ("masklet-cache-" + std::to_string(getpid()) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr)
    throw Error("cannot make a cache folder in " + parent.string() +
                ": check that it exists and is writable, or turn the disk cache off");
  m_folder = pattern;
  return m_folder;
}

void DiskTensorStore::put(const std::string& key, const std::vector<torch::Tensor>& tensors) {
  if (!enabled()) return;
  erase(key);
  std::vector<torch::Tensor> cpu;
  std::size_t bytes = 0;
  for (const auto& t : tensors) {
    cpu.push_back(t.to(torch::kCPU).contiguous());
    bytes += cpu.back().nbytes();
  }
  if (bytes > m_budget) return;
  const std::string path = folder() + "/" + std::to_string(m_nextFile++) + ".bin";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    writeValue<uint32_t>(out, static_cast<uint32_t>(cpu.size()));
    for (const auto& t : cpu) {
      writeValue<int32_t>(out, static_cast<int32_t>(t.scalar_type()));
      writeValue<uint32_t>(out, static_cast<uint32_t>(t.dim()));
      for (const auto size : t.sizes()) writeValue<int64_t>(out, size);
      out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.nbytes()));
    }
    if (!out) {
      // Disk full or gone: the caller's work goes on without the spill tier.
      out.close();
      std::remove(path.c_str());
      clear();
      m_budget = 0;
      return;
    }
  }
  m_order.push_front(key);
  m_entries[key] = Entry{path, bytes, m_order.begin()};
  m_bytes += bytes;
  evictToBudget();
}

std::optional<std::vector<torch::Tensor>> DiskTensorStore::get(const std::string& key,
                                                               const torch::Device& device) {
  auto it = m_entries.find(key);
  if (it == m_entries.end()) return std::nullopt;
  std::ifstream in(it->second.path, std::ios::binary);
  uint32_t count = 0;
  std::vector<torch::Tensor> tensors;
  bool ok = readValue(in, count) && count < 64;
  for (uint32_t i = 0; ok && i < count; ++i) {
    int32_t dtype = 0;
    uint32_t rank = 0;
    ok = readValue(in, dtype) && readValue(in, rank) && rank <= 8;
    std::vector<int64_t> sizes(rank);
    for (auto& size : sizes) ok = ok && readValue(in, size) && size >= 0;
    if (!ok) break;
    auto t = torch::empty(sizes, torch::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
    ok = static_cast<bool>(
        in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(t.nbytes())));
    tensors.push_back(t.to(device));
  }
  if (!ok) {  // a damaged spill file is a miss: the caller computes the values again
    removeEntry(it);
    return std::nullopt;
  }
  m_order.splice(m_order.begin(), m_order, it->second.position);
  return tensors;
}

void DiskTensorStore::erase(const std::string& key) {
  if (auto it = m_entries.find(key); it != m_entries.end()) removeEntry(it);
}

void DiskTensorStore::clear() {
  while (!m_entries.empty()) removeEntry(m_entries.begin());
}

void DiskTensorStore::setBudget(std::size_t budgetBytes) {
  m_budget = budgetBytes;
  if (m_budget == 0)
    clear();
  else
    evictToBudget();
}

void DiskTensorStore::evictToBudget() {
  while (m_bytes > m_budget && !m_order.empty()) removeEntry(m_entries.find(m_order.back()));
}

void DiskTensorStore::removeEntry(std::unordered_map<std::string, Entry>::iterator it) {
  std::remove(it->second.path.c_str());
  m_bytes -= it->second.bytes;
  m_order.erase(it->second.position);
  m_entries.erase(it);
}

}  // namespace masklet::tracker
