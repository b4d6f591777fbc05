#include "model/torch_threads.h"

#include <ATen/Parallel.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

namespace masklet::model {

int defaultThreadBudget() {
  int threads = 0;
  if (const char* fromEnv = std::getenv("MASKLET_THREADS")) threads = std::atoi(fromEnv);
  if (threads <= 0) threads = int(std::thread::hardware_concurrency());
  return threads > 0 ? threads : 1;
}

int configureTorchThreads(int requested) {
  const int threads = requested > 0 ? requested : defaultThreadBudget();
  at::set_num_threads(threads);
  return at::get_num_threads();
}

void ensurePassiveOpenMpWait(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
  execv("/proc/self/exe", argv);  // returns only on failure
}

void keepFreedTensorMemory() {
  // glibc hands allocations above 32 MiB to mmap and back to the kernel on free, so every
  // large activation (Hiera's first stage: 100 MB) is faulted in page by page again on each
  // frame. Serving them from the heap and keeping freed memory for reuse removes that; the
  // peak stays what the largest frame needs.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace masklet::model
