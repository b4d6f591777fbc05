#pragma once
// Fixed-size memory blocks for the per-frame tensors a long session keeps (low-res logits,
// bfloat16 memory), reused from a free list per block size. Spilling the least recently
// used frames to disk only bounds RAM if their memory is reused for new frames: handed back
// to malloc, blocks of these sizes interleaved with small long-lived allocations fragment
// the heap, and the process grows by about the spilled bytes (measured: +1.5 MB per frame
// at 3 objects). Blocks are whole pages (mmap), live as long as a tensor uses them, even past the
// pool. Thread-safety: copyOf/empty on one thread; blocks may be released from any thread.
#include <torch/torch.h>

#include <cstddef>
#include <memory>

namespace masklet::tracker {

class TensorPool {
 public:
  TensorPool();

  // A CPU tensor with the dtype, sizes and bits of `tensor` (contiguous) in a pooled block.
  torch::Tensor copyOf(const torch::Tensor& tensor);
  // An uninitialised contiguous CPU tensor in a pooled block.
  torch::Tensor empty(const std::vector<int64_t>& sizes, at::ScalarType dtype);
  // Bytes of all blocks made so far (in use or free).
  std::size_t bytesHeld() const;

 private:
  struct State;
  std::shared_ptr<State> m_state;
};

}  // namespace masklet::tracker
