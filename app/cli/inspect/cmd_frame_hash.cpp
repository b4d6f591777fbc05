// masklet-cli frame-hash VIDEO [--frames LIST]: per-frame md5 of the decoded picture in its
// native pixel format, the same hash `ffmpeg -i VIDEO -fps_mode passthrough -f framemd5 -`
// prints, so frame-exact decoding can be checked against ffmpeg from the shell.
#include <iostream>
#include <sstream>

#include "cli/inspect/damage_report.h"
#include "cli/shared/command.h"
#include "cli/shared/option_parser.h"
#include "common/error.h"
#include "video/ffmpeg_source.h"

namespace masklet::cli {
namespace {

// "0,5,10-20,3" -> indices in the given order; ranges are inclusive and may run downwards.
// A list that is not one is a usage error; a frame past this video's end is refused input.
std::vector<int64_t> parseFrameList(const std::string& list, int64_t frameCount) {
  std::vector<int64_t> frames;
  std::stringstream stream(list);
  std::string item;
  const auto parseIndex = [&](const std::string& text) {
    size_t used = 0;
    int64_t value = -1;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || text.empty())
      throw UsageError("--frames: '" + text + "' is not a frame number (expected e.g. 0,5,10-20)");
    if (value < 0 || value >= frameCount)
      throw Error("--frames: frame " + text + " is out of range (the video has " +
                  std::to_string(frameCount) + " frames)");
    return value;
  };
  while (std::getline(stream, item, ',')) {
    const size_t dash = item.find('-', 1);
    if (dash == std::string::npos) {
      frames.push_back(parseIndex(item));
      continue;
    }
    const int64_t first = parseIndex(item.substr(0, dash));
    const int64_t last = parseIndex(item.substr(dash + 1));
    const int64_t step = first <= last ? 1 : -1;
    for (int64_t index = first; index != last + step; index += step) frames.push_back(index);
  }
  return frames;
}

int runFrameHash(const std::vector<std::string>& args) {
  std::string path;
  std::string list;
  bool help = false;
  OptionParser({"{} needs a value", "", OptionParser::Unknown::Positional})
      .stop("--help", help)
      .value("--frames", list)
      .whenMissing("--frames needs a list, e.g. --frames 0,5,10-20")
      .positional([&](const std::string& arg) {
        if (!path.empty())
          throw UsageError("unexpected argument '" + arg +
                           "' (usage: frame-hash VIDEO [--frames LIST])");
        path = arg;
      })
      .parse(args);
  if (help) {
    std::cout << "Usage: masklet-cli frame-hash VIDEO [--frames LIST]\n"
                 "Prints 'index md5' per frame (all frames, or LIST like 0,5,10-20 in the\n"
                 "given order); md5 as in ffmpeg -fps_mode passthrough -f framemd5.\n";
    return 0;
  }
  if (path.empty()) throw UsageError("no video given (usage: frame-hash VIDEO [--frames LIST])");
  video::FfmpegSource source(path);
  std::vector<int64_t> frames;
  if (list.empty()) {
    for (int64_t index = 0; index < source.frameCount(); ++index) frames.push_back(index);
  } else {
    frames = parseFrameList(list, source.frameCount());
  }
  for (const int64_t index : frames) {
    try {
      const std::string md5 = source.nativeFrameMd5(index);
      std::cout << index << " " << md5 << "\n";
    } catch (const video::FrameUnavailable&) {
      // Like ffmpeg, no line for a picture that does not decode; the warning names it.
    }
  }
  std::cout.flush();
  for (const std::string& line : damageWarnings(source)) std::cerr << line << "\n";
  return 0;
}

const CommandRegistration registration{
    {"frame-hash", "frame-hash VIDEO [--frames LIST]",
     "Per-frame md5 of the decoded pictures (same as ffmpeg -f framemd5)", &runFrameHash}};

}  // namespace
}  // namespace masklet::cli
