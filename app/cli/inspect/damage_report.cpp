#include "cli/inspect/damage_report.h"

#include <algorithm>
#include <iterator>

namespace masklet::cli {

std::string formatFrameList(const std::vector<int>& frames) {
  std::string text;
  for (size_t first = 0; first < frames.size();) {
    size_t last = first;
    while (last + 1 < frames.size() && frames[last + 1] == frames[last] + 1) ++last;
    if (!text.empty()) text += ", ";
    if (last - first >= 2) {
      text += std::to_string(frames[first]) + "-" + std::to_string(frames[last]);
      first = last + 1;
    } else {
      text += std::to_string(frames[first]);
      ++first;
    }
  }
  return text;
}

std::vector<std::string> damageWarnings(const video::FfmpegSource& source) {
  std::vector<std::string> lines;
  const std::vector<int> damaged = source.damagedFrames();
  const std::vector<int> unavailable = source.unavailableFrames();
  std::vector<int> concealed;
  std::set_difference(damaged.begin(), damaged.end(), unavailable.begin(), unavailable.end(),
                      std::back_inserter(concealed));
  const auto count = [](size_t n) { return std::to_string(n) + (n == 1 ? " frame " : " frames "); };
  if (!concealed.empty())
    lines.push_back("warning: " + count(concealed.size()) +
                    "decoded with errors (concealed): " + formatFrameList(concealed));
  if (!unavailable.empty())
    lines.push_back(
        "warning: " + count(unavailable.size()) +
        "cannot be decoded (the file is damaged there): " + formatFrameList(unavailable));
  if (source.endsEarly()) {
    const int64_t declared = source.declaredFrameCount();
    lines.push_back(
        declared > source.frameCount()
            ? "warning: the file ends early (truncated?): " + std::to_string(source.frameCount()) +
                  " of the " + std::to_string(declared) + " frames its header lists are present"
            : std::string("warning: the file ends early (truncated or damaged at "
                          "its end)"));
  }
  return lines;
}

}  // namespace masklet::cli
