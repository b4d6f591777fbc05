#include "tracker/tensor_pool.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

namespace masklet::tracker {

struct TensorPool::State {
  std::mutex mutex;
  std::map<std::size_t, std::vector<void*>> free;  // block bytes -> free blocks
  std::size_t held = 0;
  ~State() {
    for (auto& [bytes, blocks] : free)
      for (void* block : blocks) ::munmap(block, bytes);
  }
};

TensorPool::TensorPool() : m_state(std::make_shared<State>()) {}

torch::Tensor TensorPool::empty(const std::vector<int64_t>& sizes, at::ScalarType dtype) {
  int64_t count = 1;
  for (const int64_t s : sizes) count *= s;
  const std::size_t bytes = std::max<std::size_t>(
      64, (static_cast<std::size_t>(count) * c10::elementSize(dtype) + 63) / 64 * 64);
  void* block = nullptr;
  {
    std::lock_guard<std::mutex> lock(m_state->mutex);
    auto& blocks = m_state->free[bytes];
    if (!blocks.empty()) {
      block = blocks.back();
      blocks.pop_back();
    }
  }
  if (block == nullptr) {
    // Pages of their own, apart from malloc's heap, so neither fragments the other.
    block = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) throw std::bad_alloc();
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->held += bytes;
  }
  auto state = m_state;
  return torch::from_blob(
      block, sizes,
      [state, bytes](void* data) {
        std::lock_guard<std::mutex> lock(state->mutex);
        state->free[bytes].push_back(data);
      },
      torch::TensorOptions().dtype(dtype));
}

torch::Tensor TensorPool::copyOf(const torch::Tensor& tensor) {
  const auto source = tensor.contiguous();
  auto copy = empty(source.sizes().vec(), source.scalar_type());
  std::memcpy(copy.data_ptr(), source.data_ptr(), source.nbytes());
  return copy;
}

std::size_t TensorPool::bytesHeld() const {
  std::lock_guard<std::mutex> lock(m_state->mutex);
  return m_state->held;
}

}  // namespace masklet::tracker
