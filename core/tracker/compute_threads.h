#pragma once
// The thread budget of tracking work, for every pool it runs on.

namespace masklet::tracker {

// LibTorch's intra-op pool and OpenCV's (the masks' resize and hole filling between model steps)
// both get `requested` threads (<= 0: model::configureTorchThreads's default). With one thread
// OpenCV runs inline, so a one-thread run really is one thread. Returns the number in effect.
int configureComputeThreads(int requested = 0);

}  // namespace masklet::tracker
