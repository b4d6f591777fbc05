// masklet-cli bench image-session: seconds of the image predictor's calls (set_image, the
// first predict, the following predicts) as JSON, with an official checkpoint or random
// weights of a YAML config, on an image file or a synthetic image.
#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/bench/bench.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "model/model_config.h"
#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/image_preprocess.h"
#include "tracker/image_session.h"

namespace masklet::cli {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct BenchArgs {
  std::string checkpoint, config, image, precision = "auto";
  int64_t width = 1280, height = 720, iters = 5;
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
};

BenchArgs parseArgs(const std::vector<std::string>& args) {
  BenchArgs out;
  OptionParser(
      {"{} needs a value (see --help)", "bench image-session: unknown option '{}' (see --help)"})
      .value("--checkpoint", out.checkpoint)
      .value("--config", out.config)
      .value("--image", out.image)
      .positiveInteger("--width", out.width)
      .positiveInteger("--height", out.height)
      .positiveInteger("--iters", out.iters)
      .positiveInteger("--threads", out.threads)
      .custom("--precision",
              [&](const std::string& flag, const std::string& value) {
                out.precision = toString(
                    parseOptionValue(flag, [&] { return model::parsePrecisionRequest(value); }));
              })
      .parse(args);
  if (out.checkpoint.empty() && out.config.empty())
    throw UsageError(
        "bench image-session: give --checkpoint FILE or --config YAML (random weights)");
  return out;
}

std::shared_ptr<const model::Sam2Model> loadModel(const BenchArgs& args) {
  if (!args.checkpoint.empty()) return model::Sam2Model::load(args.checkpoint, args.config);
  // Speed does not depend on the weights' values.
  torch::manual_seed(0);
  auto model = std::make_shared<model::Sam2Model>(model::ModelConfig::fromYaml(args.config));
  model->eval();
  return model;
}

int runImageSessionBench(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << "Usage: masklet-cli bench image-session (--checkpoint FILE [--config YAML] |\n"
                 "       --config YAML) [--image FILE | --width W --height H] [--iters K]\n"
                 "       [--threads N] [--precision auto|fp32|bf16]\n"
                 "Times set_image, the first predict (one click, multimask) and K further\n"
                 "predicts (a click and a box) on one image; prints one JSON object.\n";
    return 0;
  }
  const BenchArgs parsed = parseArgs(args);
  const auto precisionRequest = model::parsePrecisionRequest(parsed.precision);
  at::set_num_threads(static_cast<int>(parsed.threads));
  const auto model = loadModel(parsed);
  const auto precision = model::choosePrecision(precisionRequest, model->device());
  cv::Mat rgb;
  if (!parsed.image.empty()) {
    rgb = tracker::readRgbImage(parsed.image);
  } else {
    rgb = cv::Mat(static_cast<int>(parsed.height), static_cast<int>(parsed.width), CV_8UC3);
    cv::randu(rgb, 0, 256);
  }
  tracker::ImageSession session(model, precision.precision);
  const float cx = static_cast<float>(rgb.cols) / 2, cy = static_cast<float>(rgb.rows) / 2;

  const double cpuStart = cpuSeconds();
  auto start = Clock::now();
  session.setImage(rgb);
  const double setImage = since(start);

  auto click = tracker::ImagePrompt::fromPoints({{cx, cy}}, {1});
  start = Clock::now();
  session.predict(click);
  const double firstPredict = since(start);

  auto refine = tracker::ImagePrompt::fromPoints({{cx, cy}}, {1});
  refine.box = tracker::ImagePrompt::fromBox({cx / 2, cy / 2, cx * 1.5f, cy * 1.5f}).box;
  refine.multimask = false;
  double total = 0.0, best = 1e30;
  for (int64_t i = 0; i < parsed.iters; ++i) {
    start = Clock::now();
    session.predict(refine);
    const double elapsed = since(start);
    total += elapsed;
    best = std::min(best, elapsed);
  }
  const nlohmann::ordered_json report = {
      {"bench", "image-session"},
      {"model", model->modelName()},
      {"variant", model->variant()},
      {"image_size", model->config().image_size},
      {"image", {{"width", rgb.cols}, {"height", rgb.rows}}},
      {"weights", parsed.checkpoint.empty() ? "random" : parsed.checkpoint},
      {"precision", model::toString(precision.precision)},
      {"precision_reason", precision.reason},
      {"threads", at::get_num_threads()},
      {"set_image_s", setImage},
      {"first_predict_s", firstPredict},
      {"next_predict_s", total / static_cast<double>(parsed.iters)},
      {"next_predict_best_s", best},
      {"next_predict_count", parsed.iters},
      {"cpu_s", cpuSeconds() - cpuStart},
      {"peak_rss_mib", peakRssMiB()}};
  std::cout << report.dump(2) << "\n";
  return 0;
}

const BenchRegistration registration{
    {"image-session",
     "image-session (--checkpoint FILE | --config YAML) [--image FILE] [--iters K] "
     "[--precision auto|fp32|bf16]",
     "Image predictor: set_image, first predict and next predict seconds (JSON)",
     &runImageSessionBench}};

}  // namespace
}  // namespace masklet::cli
