#include "tracker/compute_threads.h"

#include <opencv2/core/utility.hpp>

#include "model/torch_threads.h"

namespace masklet::tracker {

int configureComputeThreads(int requested) {
  const int threads = model::configureTorchThreads(requested);
  cv::setNumThreads(threads);
  return threads;
}

}  // namespace masklet::tracker
