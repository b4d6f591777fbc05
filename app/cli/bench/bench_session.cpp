// masklet-cli bench session: the scenario of ../shared/reference/official_bench.py on a real
// video through the same VideoSession the GUI uses — open and encode frame 0, a click, a
// second click on the same frame, propagate N frames, a correction click on the middle frame —
// printed as one JSON object with the official script's keys, so both can be read side by side.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <thread>

#include "cli/bench/bench.h"
#include "cli/bench/bench_model.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "common/phase_profile.h"
#include "model/device.h"
#include "model/precision.h"
#include "tracker/frame_provider_video.h"
#include "tracker/video_session.h"
#include "video/open_frame_source.h"

namespace masklet::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct SessionBenchArgs {
  std::string model;
  std::string config;
  std::string checkpoint;
  bool randomWeights = false;
  bool profile = false;  // --profile: where the propagation's time goes, per model phase
  model::BatchNormFolding folding = model::BatchNormFolding::BoundSafe;
  std::string video;
  int64_t frames = 9;
  int64_t objects = 1;
  std::string precision = "auto";
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::string device = "auto";
  bool json = false;
};

// The first `count` frames of another provider: the session then sees an N-frame video, as
// the official script's N-frame tensor video (the object-pointer window depends on it).
class FirstFrames : public tracker::FrameProvider {
 public:
  FirstFrames(tracker::FrameProviderPtr frames, int64_t count)
      : m_frames(std::move(frames)), m_count(std::min(count, m_frames->frameCount())) {}
  int64_t frameCount() const override { return m_count; }
  int width() const override { return m_frames->width(); }
  int height() const override { return m_frames->height(); }
  torch::Tensor modelInput(int64_t frame) override {
    tracker::checkFrameIndex(frame, m_count);
    return m_frames->modelInput(frame);
  }

 private:
  tracker::FrameProviderPtr m_frames;
  int64_t m_count;
};

// Per phase: seconds per propagated frame (frame 0, the prompted one, costs nothing) and the
// share of the propagation's wall time; phases nest (image_encoder holds its trunk and neck).
nlohmann::json phaseProfileJson(const std::vector<double>& frameTimes) {
  double total = 0.0;
  for (double t : frameTimes) total += t;
  const double tracked = std::max<double>(1.0, double(frameTimes.size()) - 1.0);
  nlohmann::json profile;
  for (const auto& [name, phase] : common::phaseTotals())
    profile[name] = {{"s_per_frame", phase.seconds / tracked},
                     {"calls", phase.calls},
                     {"share", total > 0 ? phase.seconds / total : 0.0}};
  profile["total_s_per_frame"] = total / tracked;
  return profile;
}

SessionBenchArgs parseArgs(const std::vector<std::string>& args) {
  SessionBenchArgs a;
  OptionParser({"{} needs a value (see --help)", "bench session: unknown option '{}' (see --help)"})
      .flag("--random-weights", a.randomWeights)
      .flag("--json", a.json)
      .flag("--profile", a.profile)
      .value("--model", a.model)
      .value("--config", a.config)
      .value("--checkpoint", a.checkpoint)
      .value("--video", a.video)
      .positiveInteger("--frames", a.frames)
      .positiveInteger("--objects", a.objects)
      .custom("--precision",
              [&](const std::string& flag, const std::string& value) {
                a.precision = toString(
                    parseOptionValue(flag, [&] { return model::parsePrecisionRequest(value); }));
              })
      .positiveInteger("--threads", a.threads)
      .value("--device", a.device)
      .custom("--fold-batch-norms",
              [&](const std::string& flag, const std::string& value) {
                a.folding =
                    parseOptionValue(flag, [&] { return model::parseBatchNormFolding(value); });
              })
      .parse(args);
  if (a.video.empty()) throw UsageError("bench session: --video FILE is required");
  return a;
}

// Object k's clicks sit at the official script's places, shifted a little per object.
tracker::PromptPoint at(double fx, double fy, int64_t k, int w, int h) {
  const double shift = 0.03 * static_cast<double>(k);
  return {static_cast<float>(std::fmod(fx + shift, 1.0) * w),
          static_cast<float>(std::fmod(fy + shift, 1.0) * h)};
}

int runSessionBench(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "--help") {
    std::cout
        << "Usage: masklet-cli bench session [--model NAME | --config YAML | --checkpoint FILE]\n"
           "  [--random-weights] --video FILE [--frames 9] [--objects 1]\n"
           "  [--precision auto|fp32|bf16] [--threads N] [--json] [--profile]\n"
           "  [--fold-batch-norms none|bound-safe|all] [--device auto|cpu|cuda]\n"
           "The scenario of official_bench.py: open the video and encode frame 0, click,\n"
           "click again on frame 0, propagate through the first N frames, then a negative\n"
           "correction click on frame N/2. Prints one JSON object with the official keys\n"
           "(init_state_s, first_click_s, second_click_same_frame_s, propagate_frame_s,\n"
           "correction_click_s, peak_rss_mb). --random-weights builds the named official\n"
           "geometry (default sam2.1_hiera_tiny; edgetam for EdgeTAM) with seeded random\n"
           "weights. --profile adds propagate_profile: per model phase (image_encoder and\n"
           "its trunk and neck, memory_attention, sam_heads, memory_encoder and its\n"
           "perceiver) the seconds per propagated frame and the share of the propagation.\n"
           "--device picks where the model runs (auto: CUDA when there is one); the JSON\n"
           "says which it was in \"device\". On CUDA a frame's time includes copying its\n"
           "masks back to the host, as a user's run does.\n";
    return 0;
  }
  const SessionBenchArgs a = parseArgs(args);
  at::set_num_threads(static_cast<int>(a.threads));
  if (a.checkpoint.empty() && !a.randomWeights)
    throw Error(
        "bench session: give --checkpoint FILE, or --random-weights with --model NAME or "
        "--config YAML");
  const auto model = benchModel({a.model, a.config, a.checkpoint, a.folding,
                                 model::parseDeviceRequest(a.device, "bench session --device")},
                                "bench session");
  const auto choice =
      model::choosePrecision(model::parsePrecisionRequest(a.precision), model->device());

  nlohmann::json out;
  out["model"] = model->modelName();
  out["frames"] = a.frames;
  out["objects"] = a.objects;
  out["threads"] = at::get_num_threads();
  out["device"] = model->device().str();
  out["batch_norm_folding"] = model->batchNormsFolded() ? model::toString(a.folding) : "none";
  out["precision"] = model::toString(choice.precision);
  out["precision_reason"] = choice.reason;
  out["video"] = a.video;

  auto start = Clock::now();
  auto frames = std::make_shared<FirstFrames>(
      std::make_shared<tracker::VideoFrameProvider>(video::openFrameSource(a.video),
                                                    static_cast<int>(model->config().image_size)),
      a.frames);
  auto options = tracker::VideoTrackingOptions::forModel(model->config());
  options.precision = choice.precision;
  tracker::VideoSession session(model, frames, options);
  session.encodeFrame(0);  // init_state warms up frame 0 the same way
  out["init_state_s"] = secondsSince(start);

  const int w = frames->width(), h = frames->height();
  std::vector<double> firstClicks, secondClicks;
  for (int64_t k = 0; k < a.objects; ++k) {
    tracker::PointPrompt click;
    click.points = {at(0.42, 0.46, k, w, h)};
    click.labels = {1};
    start = Clock::now();
    session.addPoints(0, k + 1, click);
    firstClicks.push_back(secondsSince(start));
    click.points.push_back(at(0.47, 0.37, k, w, h));
    click.labels.push_back(1);
    start = Clock::now();
    session.addPoints(0, k + 1, click);
    secondClicks.push_back(secondsSince(start));
  }
  out["first_click_s"] = firstClicks.front();
  out["second_click_same_frame_s"] = secondClicks.front();
  if (a.objects > 1) {
    out["first_click_per_object_s"] = firstClicks;
    out["second_click_per_object_s"] = secondClicks;
  }

  std::vector<double> frameTimes;
  if (a.profile) common::setPhaseProfiling(true);
  start = Clock::now();
  session.propagate({}, [&](const tracker::FrameMasks&) {
    frameTimes.push_back(secondsSince(start));
    start = Clock::now();
  });
  out["propagate_frame_s"] = frameTimes;
  if (a.profile) {
    common::setPhaseProfiling(false);
    out["propagate_profile"] = phaseProfileJson(frameTimes);
  }

  tracker::PointPrompt correction;
  correction.points = {at(0.31, 0.74, 0, w, h)};
  correction.labels = {0};
  correction.clearOldPoints = false;
  start = Clock::now();
  session.addPoints(frames->frameCount() / 2, 1, correction);
  out["correction_click_s"] = secondsSince(start);
  out["peak_rss_mb"] = peakRssMiB();

  if (a.json) {
    std::cout << out.dump() << "\n";
  } else {
    std::cout << out.dump(2) << "\n";
  }
  return 0;
}

const BenchRegistration registration{
    {"session",
     "session [--model NAME | --config YAML | --checkpoint FILE] [--random-weights] --video FILE "
     "[--frames 9] [--objects K] [--precision auto|fp32|bf16] [--threads N] [--device D] [--json]",
     "The official_bench.py scenario (open, clicks, propagate, correction) as JSON",
     &runSessionBench}};

}  // namespace
}  // namespace masklet::cli
