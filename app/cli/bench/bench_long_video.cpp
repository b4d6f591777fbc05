// masklet-cli bench long-video: tracks K objects through a whole (long) video with the GUI's
// VideoSession and prints, every few frames, the process's current and peak resident memory
// and how much tracking state is in RAM and on disk: the check that memory stays flat once
// the tracking-state budget is reached, so a long video cannot run out of memory.

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/bench/bench.h"
#include "cli/bench/bench_model.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "model/official_models.h"
#include "model/sam2_model.h"
#include "tracker/frame_provider_video.h"
#include "tracker/memory_layout.h"
#include "tracker/video_session.h"
#include "video/open_frame_source.h"

namespace masklet::cli {
namespace {

struct LongVideoArgs {
  std::string model;
  std::string config;
  std::string checkpoint;
  std::string video;
  int64_t frames = 0;  // 0: the whole video
  int64_t objects = 3;
  int64_t every = 100;
  int64_t ramMiB = 1024;
  int64_t cacheMiB = 512;  // RAM of the memory-conditioned feature cache
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  bool synthetic = false;
};

double currentRssMiB() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

LongVideoArgs parseArgs(const std::vector<std::string>& args) {
  LongVideoArgs a;
  // A RAM budget of 0 turns that store off.
  const auto mebibytes = [](int64_t& target) {
    return [&target](const std::string& flag, const std::string& value) {
      target = value == "0" ? 0 : positiveInteger(flag, value);
    };
  };
  OptionParser(
      {"{} needs a value (see --help)", "bench long-video: unknown option '{}' (see --help)"})
      .flag("--synthetic-state", a.synthetic)
      .value("--model", a.model)
      .value("--config", a.config)
      .value("--checkpoint", a.checkpoint)
      .value("--video", a.video)
      .positiveInteger("--frames", a.frames)
      .positiveInteger("--objects", a.objects)
      .positiveInteger("--every", a.every)
      .custom("--ram-budget-mb", mebibytes(a.ramMiB))
      .custom("--cache-ram-mb", mebibytes(a.cacheMiB))
      .positiveInteger("--threads", a.threads)
      .parse(args);
  if (a.video.empty() && !a.synthetic)
    throw UsageError("bench long-video: --video FILE is required");
  return a;
}

void printLine(int64_t frame, const tracker::TrackStateSpill& state, double seconds) {
  nlohmann::json line;
  line["frame"] = frame;
  line["rss_mb"] = currentRssMiB();
  line["peak_rss_mb"] = peakRssMiB();
  line["track_state_ram_mb"] = double(state.residentBytes()) / (1 << 20);
  line["track_state_disk_mb"] = double(state.diskBytes()) / (1 << 20);
  line["seconds"] = seconds;
  std::cout << line.dump() << std::endl;
}

// The session's per-frame state at a named model's sizes (its stored memory layout: SAM 2's
// map or EdgeTAM's latents) without running the model: each frame stores one output per
// object and reads the 6 previous frames' memories, as tracking does; the bookkeeping and the
// spilling are the real ones.
int runSyntheticState(const LongVideoArgs& a) {
  const int64_t frames = a.frames > 0 ? a.frames : 10000;
  const std::string name = a.model.empty() ? "sam2.1_hiera_tiny" : a.model;
  const auto* official = model::findOfficialModel(name);
  if (!official)
    throw UsageError("bench long-video: --synthetic-state needs an official --model name, not '" +
                     name + "'");
  const auto& config = official->config;
  const auto memory = tracker::storedMemoryLayout(config);
  const int64_t lowRes = config.image_size / 4;
  const int64_t hidden = config.hiddenDim();
  std::vector<tracker::ObjectState> objects(static_cast<std::size_t>(a.objects));
  tracker::TrackStateSpill spill(static_cast<std::size_t>(a.ramMiB) << 20, {}, torch::kCPU);
  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (int64_t f = 0; f < frames; ++f) {
    for (auto& object : objects) {
      for (int64_t d = 1; d <= 6 && f - d >= 0; ++d) spill.loadFrame(object, f - d);
      tracker::TrackOutput out;
      out.pred_masks = torch::full({1, 1, lowRes, lowRes}, float(f));
      out.maskmem_features = torch::full(memory.shape, float(f), memory.dtype);
      out.obj_ptr = torch::full({1, hidden}, float(f));
      out.object_score_logits = torch::ones({1, 1});
      out.generation = tracker::nextOutputGeneration();
      object.outputs.non_cond_frame_outputs.emplace(f, std::move(out));
      object.framesTracked[f] = false;
    }
    spill.enforceBudget(objects);
    if ((f + 1) % a.every == 0 || f + 1 == frames) printLine(f, spill, seconds());
  }
  return 0;
}

int runLongVideoBench(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "--help") {
    std::cout << "Usage: masklet-cli bench long-video [--checkpoint FILE --config YAML | --model "
                 "NAME]\n"
                 "  --video FILE [--frames N] [--objects 3] [--every 100] [--ram-budget-mb 1024]\n"
                 "  [--cache-ram-mb 512] (RAM of the memory-conditioned feature cache)\n"
                 "  [--threads N]\n"
                 "Clicks K objects on frame 0 and tracks them to frame N (default: the end).\n"
                 "Prints one JSON line every --every frames: frame, rss_mb, peak_rss_mb,\n"
                 "track_state_ram_mb, track_state_disk_mb, seconds. Without --checkpoint the\n"
                 "named official geometry gets random weights. --synthetic-state stores\n"
                 "outputs of the --model's sizes (default sam2.1_hiera_tiny; edgetam: its\n"
                 "512 latents) without running a model.\n";
    return 0;
  }
  const LongVideoArgs a = parseArgs(args);
  if (a.synthetic) return runSyntheticState(a);
  at::set_num_threads(static_cast<int>(a.threads));
  const auto model = benchModel({a.model, a.config, a.checkpoint}, "bench long-video");
  auto frames = std::make_shared<tracker::VideoFrameProvider>(
      video::openFrameSource(a.video), static_cast<int>(model->config().image_size));
  auto options = tracker::VideoTrackingOptions::forModel(model->config());
  options.trackStateRamBytes = static_cast<std::size_t>(a.ramMiB) << 20;
  options.conditionedCacheRamBytes = static_cast<std::size_t>(a.cacheMiB) << 20;
  tracker::VideoSession session(model, frames, options);
  const int w = frames->width(), h = frames->height();
  for (int64_t k = 0; k < a.objects; ++k) {
    tracker::PointPrompt click;
    const float shift = 0.1f * static_cast<float>(k);
    click.points = {{(0.3f + shift) * w, (0.4f + shift) * h}};
    click.labels = {1};
    session.addPoints(0, k + 1, click);
  }
  tracker::PropagateRequest request;
  if (a.frames > 0) request.maxFrames = a.frames - 1;
  const auto start = std::chrono::steady_clock::now();
  const auto report = [&](int64_t frame) {
    std::cout << "{\"conditioned_cache_ram_mb\":"
              << double(session.conditionedCache().ramBytes()) / (1 << 20) << "} ";
    printLine(frame, session.trackState(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  };
  int64_t done = 0;
  session.propagate(request, [&](const tracker::FrameMasks& masks) {
    if (++done % a.every == 0) report(masks.frame);
  });
  report(done - 1);
  return 0;
}

const BenchRegistration registration{
    {"long-video",
     "long-video --video FILE [--checkpoint C --config Y | --model NAME] [--frames N] [--objects "
     "3] "
     "[--every 100] [--ram-budget-mb 1024]",
     "RSS and tracking-state RAM/disk while tracking through a long video", &runLongVideoBench}};

}  // namespace
}  // namespace masklet::cli
