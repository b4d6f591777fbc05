#pragma once
// Debian's LibTorch starts with one intra-op thread; Masklet uses every core unless told
// otherwise (setting or MASKLET_THREADS), which roughly halves model time on 2 cores.

namespace masklet::model {

// requested > 0: that many threads; otherwise $MASKLET_THREADS, else the hardware cores.
// Returns the number in effect. Call once at start-up, before any model work.
int configureTorchThreads(int requested = 0);

}  // namespace masklet::model
