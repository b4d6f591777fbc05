#pragma once
// What the VideoSession tests share about the sam2.1-mini fixture: its video size and a
// one-point prompt.
#include "tracker/video_session.h"

namespace masklet::test {

constexpr int kMiniWidth = 160;  // the fixture's video size (session.json)
constexpr int kMiniHeight = 90;

inline tracker::PointPrompt click(float x, float y, int label = 1, bool clear = true) {
  tracker::PointPrompt prompt;
  prompt.points = {{x, y}};
  prompt.labels = {label};
  prompt.clearOldPoints = clear;
  return prompt;
}

}  // namespace masklet::test
