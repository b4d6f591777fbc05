#pragma once
// Debian's LibTorch starts with one intra-op thread; Masklet uses every core unless told
// otherwise (setting or MASKLET_THREADS), which roughly halves model time on 2 cores.

namespace masklet::model {

// The thread budget when none is requested: $MASKLET_THREADS, else the hardware cores (>= 1).
int defaultThreadBudget();

// requested > 0: that many threads; otherwise defaultThreadBudget().
// Returns the number in effect. Call once at start-up, before any model work.
int configureTorchThreads(int requested = 0);

// LibTorch's OpenMP workers spin for a long while after each parallel region, and the
// OpenBLAS threads that run every matrix product then fight them for the cores (measured on
// 2 cores: a memory-attention forward 13.9 s spinning, 9.3 s passive). libgomp reads its wait
// policy only at load time, so when OMP_WAIT_POLICY is unset this sets it to PASSIVE and
// re-executes the program once with the same arguments; it returns only when the policy is
// already in place (or re-executing failed, then things just run slower).
void ensurePassiveOpenMpWait(char** argv);

// Keeps large freed blocks in the process for the next frame (see the .cpp). Call at start-up.
void keepFreedTensorMemory();

}  // namespace masklet::model
