// masklet-cli bench image-encoder --config YAML [--threads N] [--iters K]: seconds per frame
// of the Hiera + FPN image encoder at the config's geometry and image size, with random
// weights (speed does not depend on the values), and the process's peak RSS.

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
#include "model/image_encoder.h"
#include "model/model_config.h"
#include "model/sam2_model_options.h"

namespace masklet::cli {
namespace {

int runImageEncoderBench(const std::vector<std::string>& args) {
  std::string config;
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  int64_t iters = 3;
  bool help = false;
  OptionParser(
      {"{} needs a value (see --help)", "bench image-encoder: unknown option '{}' (see --help)"})
      .stop("--help", help)
      .value("--config", config)
      .positiveInteger("--threads", threads)
      .positiveInteger("--iters", iters)
      .parse(args);
  if (help) {
    std::cout << "Usage: masklet-cli bench image-encoder --config YAML [--threads N] "
                 "[--iters K]\n"
                 "Runs the image encoder of an official SAM 2 YAML config (random weights)\n"
                 "on a random image of model.image_size: one warm-up, then K timed frames.\n";
    return 0;
  }
  if (config.empty()) throw UsageError("bench image-encoder: --config YAML is required");

  at::set_num_threads(static_cast<int>(threads));
  const auto modelConfig = model::ModelConfig::fromYaml(config);
  const auto options = model::imageEncoderOptions(modelConfig);
  const int64_t size = modelConfig.image_size;
  torch::manual_seed(0);
  model::ImageEncoder encoder(options);
  encoder->eval();
  torch::NoGradGuard noGrad;
  const auto image = torch::randn({1, 3, size, size});

  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  auto start = Clock::now();
  auto output = encoder->forward(image);
  const double warmup = seconds(start);
  double total = 0.0, best = 1e30;
  const double cpuStart = cpuSeconds();
  for (int64_t i = 0; i < iters; ++i) {
    start = Clock::now();
    output = encoder->forward(image);
    const double elapsed = seconds(start);
    total += elapsed;
    best = std::min(best, elapsed);
  }
  std::cout << std::fixed << std::setprecision(3) << "image encoder: " << config << "\n"
            << "  image " << size << "x" << size << ", embed_dim " << options.trunk.embedDim
            << ", d_model " << options.neck.dModel << ", threads " << at::get_num_threads()
            << "\n  warm-up " << warmup << " s, " << iters << " frames: mean "
            << total / static_cast<double>(iters) << " s/frame, best " << best << " s/frame, CPU "
            << (cpuSeconds() - cpuStart) / static_cast<double>(iters) << " s/frame\n"
            << "  vision_features " << output.vision_features.sizes() << "\n"
            << "  peak RSS " << std::setprecision(1) << peakRssMiB() << " MiB\n";
  return 0;
}

const BenchRegistration registration{
    {"image-encoder", "image-encoder --config YAML [--threads N] [--iters K]",
     "Image encoder (Hiera + FPN) seconds per frame and peak RSS, random weights",
     &runImageEncoderBench}};

}  // namespace
}  // namespace masklet::cli
