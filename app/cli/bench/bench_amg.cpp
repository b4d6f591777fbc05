// masklet-cli bench segment-everything: one automatic-mask-generator run (image encoding
// included) on one image, timed, with the official model geometry and the seeded random weights
// of official_bench.py (or a checkpoint); JSON with the keys of tests/bench/official_amg_bench.py
// so both read side by side (tests/bench/amg_side_by_side.sh).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/bench/bench.h"
#include "cli/bench/bench_model.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "model/precision.h"
#include "tracker/amg_image_predictor.h"
#include "tracker/image_preprocess.h"
#include "tracker/mask_generator.h"

namespace masklet::cli {
namespace {

struct BenchArgs {
  BenchModelChoice model;
  std::string image, precision = "fp32";
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  tracker::AmgOptions options;
};

BenchArgs parseArgs(const std::vector<std::string>& args) {
  BenchArgs out;
  OptionParser({"{} needs a value (see --help)",
                "bench segment-everything: unknown option '{}' (see --help)"})
      .flag("--random-weights", [] {})  // the default without --checkpoint
      .value("--model", out.model.model)
      .value("--config", out.model.config)
      .value("--checkpoint", out.model.checkpoint)
      .value("--image", out.image)
      .positiveInteger("--threads", out.threads)
      .value("--precision", out.precision)
      .custom("--points-per-side",
              [&](const std::string& flag, const std::string& value) {
                out.options.points_per_side = int(positiveInteger(flag, value));
              })
      .custom("--points-per-batch",
              [&](const std::string& flag, const std::string& value) {
                out.options.points_per_batch = int(positiveInteger(flag, value));
              })
      .number("--pred-iou-thresh", out.options.pred_iou_thresh)
      .number("--stability-score-thresh", out.options.stability_score_thresh)
      .parse(args);
  if (out.image.empty()) throw UsageError("bench segment-everything: --image FILE is required");
  parseOptionValue("--precision", [&] { return model::parsePrecisionRequest(out.precision); });
  return out;
}

int runAmgBench(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << "Usage: masklet-cli bench segment-everything --image FILE [--model NAME |\n"
                 "       --config YAML | --checkpoint FILE] [--threads N] [--precision P]\n"
                 "       [--points-per-side 32] [--points-per-batch 64]\n"
                 "       [--pred-iou-thresh 0.8] [--stability-score-thresh 0.95]\n"
                 "One generate call (image encoding included); prints one JSON object with\n"
                 "official_amg_bench.py's keys (generate_s, cpu_s, masks, peak_rss_mb).\n";
    return 0;
  }
  const BenchArgs parsed = parseArgs(args);
  at::set_num_threads(static_cast<int>(parsed.threads));
  const auto model = benchModel(parsed.model, "bench segment-everything");
  const auto precision =
      model::choosePrecision(model::parsePrecisionRequest(parsed.precision), model->device());
  const cv::Mat rgb = tracker::readRgbImage(parsed.image);
  tracker::AmgImagePredictor predictor(model, parsed.options.min_mask_region_area,
                                       precision.precision);
  tracker::MaskGenerator generator(predictor, parsed.options);
  const double cpuStart = cpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  const auto result = generator.generate(rgb);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::ordered_json report = {{"model", model->modelName()},
                                         {"threads", at::get_num_threads()},
                                         {"width", rgb.cols},
                                         {"height", rgb.rows},
                                         {"generate_s", elapsed},
                                         {"cpu_s", cpuSeconds() - cpuStart},
                                         {"masks", result.masks.size()},
                                         {"precision", model::toString(precision.precision)},
                                         {"peak_rss_mb", peakRssMiB()}};
  std::cout << report.dump() << "\n";
  return 0;
}

const BenchRegistration registration{
    {"segment-everything",
     "segment-everything --image FILE [--model NAME | --checkpoint FILE] [--points-per-side N]",
     "Automatic mask generator: one generate call on one image (JSON)", &runAmgBench}};

}  // namespace
}  // namespace masklet::cli
