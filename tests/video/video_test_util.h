#pragma once
// Helpers for the video tests: make small videos with the ffmpeg tool and read back the
// per-frame md5s ffmpeg itself computes (the independent reference for frame-exact decoding).
#include <QtCore/QStringList>
#include <QtTest/QtTest>

extern "C" {
#include <libavutil/md5.h>
}

#include <opencv2/core.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "child_process.h"
#include "common/error.h"

namespace masklet::test {

inline bool ffmpegAvailable() {
  return runToEnd("ffmpeg", {"-hide_banner", "-version"}, 30000) == 0;
}

inline bool ffmpegHasEncoder(const QString& name) {
  ChildProcess process;
  if (!process.start("ffmpeg", {"-hide_banner", "-encoders"}) || !process.waitForFinished(30000))
    return false;
  return QString::fromUtf8(process.readStdout()).contains(" " + name + " ");
}

// Runs ffmpeg with `args` (after -v error -y); returns "" on success, else its error text.
inline QString runFfmpeg(const QStringList& args) {
  ChildProcess process;
  if (!process.start("ffmpeg", QStringList{"-hide_banner", "-v", "error", "-y"} + args))
    return "ffmpeg could not be started";
  if (!process.waitForFinished(300000)) return "ffmpeg did not finish";
  if (process.exitCode() != 0) return "ffmpeg failed: " + QString::fromUtf8(process.readStderr());
  return {};
}

// md5 per frame, in output order, as `ffmpeg -i VIDEO -fps_mode passthrough -f framemd5 -`
// prints for the first video stream; extra output options (e.g. -pix_fmt rgb24) go before -f.
inline std::vector<std::string> ffmpegFrameMd5s(const std::string& video,
                                                const QStringList& extra = {}) {
  ChildProcess process;
  std::vector<std::string> hashes;
  if (!process.start("ffmpeg",
                     QStringList{"-hide_banner", "-v", "error", "-i", QString::fromStdString(video),
                                 "-map", "0:v:0", "-fps_mode", "passthrough"} +
                         extra + QStringList{"-f", "framemd5", "-"}) ||
      !process.waitForFinished(600000))
    return hashes;
  const QStringList lines = QString::fromUtf8(process.readStdout()).split('\n');
  for (const QString& line : lines) {
    if (line.isEmpty() || line.startsWith('#')) continue;
    const QStringList fields = line.split(',');
    if (fields.size() >= 6) hashes.push_back(fields.last().trimmed().toStdString());
  }
  return hashes;
}

// Presentation times (seconds) per frame, from ffprobe, in presentation order.
inline std::vector<double> ffprobeFrameTimes(const std::string& video) {
  ChildProcess process;
  std::vector<double> times;
  if (!process.start("ffprobe", {"-v", "error", "-select_streams", "v:0", "-show_entries",
                                 "frame=best_effort_timestamp_time", "-of", "csv=p=0",
                                 QString::fromStdString(video)}) ||
      !process.waitForFinished(300000))
    return times;
  for (const QString& line : QString::fromUtf8(process.readStdout()).split('\n'))
    if (!line.trimmed().isEmpty()) times.push_back(line.trimmed().split(',').first().toDouble());
  std::sort(times.begin(), times.end());
  return times;
}

// Access orders for a video of `count` frames: every frame (sequential), every frame or a sample
// of `sample` frames from the end (reverse), and a seeded shuffle of the same size.
inline std::vector<int64_t> sequentialOrder(int64_t count) {
  std::vector<int64_t> order(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) order[static_cast<size_t>(i)] = i;
  return order;
}

inline std::vector<int64_t> sampledOrder(int64_t count, int64_t sample, bool reverse,
                                         unsigned seed) {
  std::vector<int64_t> all = sequentialOrder(count);
  std::mt19937 random(seed);
  std::shuffle(all.begin(), all.end(), random);
  if (sample > 0 && sample < count) all.resize(static_cast<size_t>(sample));
  if (reverse) std::sort(all.begin(), all.end(), std::greater<int64_t>());
  return all;
}

// md5 (hex) of an RGB frame's pixels, the digest `ffmpeg -pix_fmt rgb24 -f framemd5` prints.
inline std::string rgbMd5(const cv::Mat& rgb) {
  uint8_t digest[16];
  const cv::Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
  av_md5_sum(digest, continuous.data, static_cast<int>(continuous.total() * continuous.elemSize()));
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (uint8_t byte : digest) {
    text += hex[byte >> 4];
    text += hex[byte & 15];
  }
  return text;
}

// The message of the masklet::Error `action` throws, or "" when it does not throw one.
template <typename Action>
QString errorOf(Action action) {
  try {
    action();
  } catch (const masklet::Error& error) {
    return QString::fromUtf8(error.what());
  }
  return {};
}

}  // namespace masklet::test
