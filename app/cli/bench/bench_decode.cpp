// masklet-cli bench decode VIDEO [--random N]: sequential decode speed (frames per second, RGB
// output), random-access latency (mean and 95th percentile over N random frames) and reverse
// reading speed through the frame cache.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <random>

#include "cli/bench/bench.h"
#include "cli/bench/bench_util.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "video/cached_frame_source.h"
#include "video/ffmpeg_source.h"

namespace masklet::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int runDecodeBench(const std::vector<std::string>& args) {
  std::string path;
  int randomCount = 30;
  OptionParser({"{} needs a value", "", OptionParser::Unknown::Positional})
      .custom("--random",
              [&](const std::string& flag, const std::string& value) {
                randomCount = static_cast<int>(positiveInteger(flag, value));
              })
      .whenMissing("unexpected argument '{}' (usage: bench decode VIDEO [--random N])")
      .positional([&](const std::string& arg) {
        if (!path.empty())
          throw UsageError("unexpected argument '" + arg +
                           "' (usage: bench decode VIDEO [--random N])");
        path = arg;
      })
      .parse(args);
  if (path.empty()) throw UsageError("no video given (usage: bench decode VIDEO [--random N])");

  const auto openStart = Clock::now();
  video::FfmpegSource source(path);
  const double openSeconds = secondsSince(openStart);
  std::cout << source.describe() << "\n"
            << std::fixed << std::setprecision(3) << "open + index: " << openSeconds << " s\n";

  const auto sequentialStart = Clock::now();
  for (int64_t index = 0; index < source.frameCount(); ++index) source.frame(index);
  const double sequentialSeconds = secondsSince(sequentialStart);
  std::cout << "sequential: " << source.frameCount() << " frames in " << sequentialSeconds
            << " s = " << std::setprecision(1) << source.frameCount() / sequentialSeconds
            << " fps (RGB)\n";

  std::mt19937 random(12345);
  std::uniform_int_distribution<int64_t> pick(0, source.frameCount() - 1);
  std::vector<double> latencies;
  for (int i = 0; i < randomCount; ++i) {
    const int64_t index = pick(random);
    const auto start = Clock::now();
    source.frame(index);
    latencies.push_back(secondsSince(start) * 1000.0);
  }
  std::sort(latencies.begin(), latencies.end());
  const double mean = std::accumulate(latencies.begin(), latencies.end(), 0.0) /
                      static_cast<double>(latencies.size());
  const double p95 = latencies[std::min(
      latencies.size() - 1, static_cast<size_t>(0.95 * static_cast<double>(latencies.size())))];
  std::cout << std::setprecision(1) << "random access: " << latencies.size() << " frames, mean "
            << mean << " ms, p95 " << p95 << " ms, max " << latencies.back() << " ms\n";

  // Backwards through the cache (reverse propagation): the frames decoded on the way to each
  // target are kept, so each group of pictures is decoded about once.
  const int64_t reverseCount = std::min<int64_t>(source.frameCount(), 120);
  video::CachedFrameSource cached(std::make_unique<video::FfmpegSource>(path));
  const auto reverseStart = Clock::now();
  for (int64_t i = 0; i < reverseCount; ++i) cached.frame(cached.frameCount() - 1 - i);
  const double reverseSeconds = secondsSince(reverseStart);
  std::cout << "reverse (cached): " << reverseCount << " frames in " << std::setprecision(3)
            << reverseSeconds << " s = " << std::setprecision(1) << reverseCount / reverseSeconds
            << " fps\n";
  return 0;
}

const BenchRegistration registration{{"decode", "decode VIDEO [--random N]",
                                      "Sequential decode fps and random-access latency",
                                      &runDecodeBench}};

}  // namespace
}  // namespace masklet::cli
