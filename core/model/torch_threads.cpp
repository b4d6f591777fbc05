#include "model/torch_threads.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <thread>

namespace masklet::model {

int configureTorchThreads(int requested) {
  int threads = requested;
  if (threads <= 0) {
    if (const char* fromEnv = std::getenv("MASKLET_THREADS")) threads = std::atoi(fromEnv);
  }
  if (threads <= 0) threads = int(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  at::set_num_threads(threads);
  return at::get_num_threads();
}

}  // namespace masklet::model
