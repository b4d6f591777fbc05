#pragma once
// A cancel flag shared between the thread that runs a long job and the one that may stop it.
// Thread-safe: any thread may call requestCancel(); the job polls isCancelled() between frames.
#include <atomic>
#include <memory>

namespace masklet {

class CancelToken {
 public:
  void requestCancel() { m_cancelled.store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
  void reset() { m_cancelled.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> m_cancelled{false};
};

using CancelTokenPtr = std::shared_ptr<CancelToken>;

}  // namespace masklet
