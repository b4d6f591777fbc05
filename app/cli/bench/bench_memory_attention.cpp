// masklet-cli bench memory-attention [--d-model 256 --mem-dim 64 --feat 64 --num-maskmem 7
// --obj-ptrs 16 --layers 4 --heads 1 --ffn 2048 --threads N --iters K]: seconds per forward of
// memory attention (the per-frame cost of tracking with a full memory bank) with random weights
// at the given geometry, and the process's peak RSS.

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <thread>

#include "cli/bench/bench.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "model/memory_attention.h"

namespace masklet::cli {
namespace {

struct Geometry {
  int64_t dModel = 256;
  int64_t memDim = 64;
  int64_t feat = 64;
  int64_t numMaskmem = 7;
  int64_t objPtrs = 16;
  int64_t layers = 4;
  int64_t heads = 1;
  int64_t ffn = 2048;
};

// The official configs' memory attention (sam2.1_hiera_*.yaml) at the given geometry.
model::MemoryAttentionOptions officialOptions(const Geometry& g) {
  model::RoPEAttentionOptions attention;
  attention.embeddingDim = g.dModel;
  attention.numHeads = g.heads;
  attention.dropout = 0.1;
  attention.featSizes = {g.feat, g.feat};
  model::MemoryAttentionOptions options;
  options.dModel = g.dModel;
  options.posEncAtInput = true;
  options.numLayers = g.layers;
  options.layer.activation = "relu";
  options.layer.dModel = g.dModel;
  options.layer.dimFeedforward = g.ffn;
  options.layer.dropout = 0.1;
  options.layer.posEncAtAttn = false;
  options.layer.posEncAtCrossAttnKeys = true;
  options.layer.posEncAtCrossAttnQueries = false;
  options.layer.selfAttention = attention;
  options.layer.crossAttention = attention;
  options.layer.crossAttention.ropeKRepeat = true;
  options.layer.crossAttention.kvInDim = g.memDim;
  return options;
}

int runMemoryAttentionBench(const std::vector<std::string>& args) {
  Geometry g;
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  int64_t iters = 3;
  bool help = false;
  OptionParser(
      {"{} needs a value (see --help)", "bench memory-attention: unknown option '{}' (see --help)"})
      .stop("--help", help)
      .positiveInteger("--d-model", g.dModel)
      .positiveInteger("--mem-dim", g.memDim)
      .positiveInteger("--feat", g.feat)
      .positiveInteger("--num-maskmem", g.numMaskmem)
      .positiveInteger("--obj-ptrs", g.objPtrs)
      .positiveInteger("--layers", g.layers)
      .positiveInteger("--heads", g.heads)
      .positiveInteger("--ffn", g.ffn)
      .positiveInteger("--threads", threads)
      .positiveInteger("--iters", iters)
      .parse(args);
  if (help) {
    std::cout << "Usage: masklet-cli bench memory-attention [--d-model 256] [--mem-dim 64]\n"
                 "  [--feat 64] [--num-maskmem 7] [--obj-ptrs 16] [--layers 4] [--heads 1]\n"
                 "  [--ffn 2048] [--threads N] [--iters K]\n"
                 "Times one memory-attention forward (random weights) of a feat x feat frame\n"
                 "against num-maskmem memory frames plus obj-ptrs object pointers: one\n"
                 "warm-up, then K timed runs.\n";
    return 0;
  }
  if (g.dModel % g.memDim != 0)
    throw Error("bench memory-attention: --d-model " + std::to_string(g.dModel) +
                " must be a multiple of --mem-dim " + std::to_string(g.memDim) +
                " (each object pointer is split into d-model/mem-dim tokens)");

  at::set_num_threads(static_cast<int>(threads));
  torch::manual_seed(0);
  model::MemoryAttention attention(officialOptions(g));
  attention->eval();
  torch::NoGradGuard noGrad;

  const int64_t tokens = g.feat * g.feat;
  const int64_t ptrTokens = g.objPtrs * (g.dModel / g.memDim);
  const int64_t memoryTokens = g.numMaskmem * tokens + ptrTokens;
  const auto curr = torch::randn({tokens, 1, g.dModel});
  const auto currPos = torch::randn({tokens, 1, g.dModel});
  const auto memory = torch::randn({memoryTokens, 1, g.memDim});
  const auto memoryPos = torch::randn({memoryTokens, 1, g.memDim});

  auto run = [&] { return attention->forward(curr, memory, currPos, memoryPos, ptrTokens); };
  run();  // warm-up: allocator and BLAS set-up
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < iters; ++i) run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
      static_cast<double>(iters);

  std::cout << std::fixed << std::setprecision(3) << "memory-attention: d_model " << g.dModel
            << ", mem_dim " << g.memDim << ", " << g.layers << " layers, " << g.heads
            << " head(s), " << tokens << " query tokens, " << memoryTokens << " memory tokens ("
            << g.numMaskmem << " frames + " << ptrTokens << " pointer tokens), " << threads
            << " thread(s)\n"
            << "seconds per forward: " << seconds << " (mean of " << iters << ")\n"
            << "peak RSS MiB: " << std::setprecision(1) << peakRssMiB() << "\n";
  return 0;
}

const BenchRegistration registration{
    {"memory-attention",
     "memory-attention [--d-model 256 --mem-dim 64 --feat 64 --num-maskmem 7 --obj-ptrs 16]",
     "Seconds per memory-attention forward at a real model's geometry", &runMemoryAttentionBench}};

}  // namespace
}  // namespace masklet::cli
