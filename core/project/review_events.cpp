#include "project/review_events.h"

#include <algorithm>

namespace masklet::project {

const char* toString(ReviewEvent::Kind kind) {
  switch (kind) {
    case ReviewEvent::Kind::Disappears:
      return "disappears";
    case ReviewEvent::Kind::Reappears:
      return "reappears";
    case ReviewEvent::Kind::AreaJump:
      return "area jump";
    case ReviewEvent::Kind::IouDrop:
      return "IoU drop";
  }
  return "";
}

std::vector<ReviewEvent> findEvents(int objectId, const SignalSeries& series,
                                    const ReviewThresholds& thresholds) {
  std::vector<ReviewEvent> events;
  for (auto it = series.begin(); it != series.end(); ++it) {
    if (it == series.begin()) continue;
    const FrameSignals& previous = std::prev(it)->second;
    const FrameSignals& current = it->second;
    if (previous.frame != current.frame - 1) continue;
    const bool was = isPresent(previous), is = isPresent(current);
    const double score = current.objectScore.value_or(0.0);
    if (was && !is)
      events.push_back({current.frame, objectId, ReviewEvent::Kind::Disappears, score});
    if (!was && is)
      events.push_back({current.frame, objectId, ReviewEvent::Kind::Reappears, score});
    if (!was || !is) continue;
    const double ratio = double(current.area) / double(previous.area);
    if (ratio > thresholds.areaJumpFactor || ratio * thresholds.areaJumpFactor < 1.0)
      events.push_back({current.frame, objectId, ReviewEvent::Kind::AreaJump, ratio});
    if (current.iouWithPrevious && *current.iouWithPrevious < thresholds.minConsecutiveIou)
      events.push_back(
          {current.frame, objectId, ReviewEvent::Kind::IouDrop, *current.iouWithPrevious});
  }
  return events;
}

std::vector<ReviewEvent> findEvents(const ReviewSignals& signals, const std::vector<int>& objectIds,
                                    const ReviewThresholds& thresholds) {
  std::vector<ReviewEvent> events;
  for (const int id : objectIds) {
    const auto mine = findEvents(id, signals.series(id), thresholds);
    events.insert(events.end(), mine.begin(), mine.end());
  }
  // Stable: within a frame the objects keep the given order, an object's events theirs.
  std::stable_sort(events.begin(), events.end(),
                   [](const ReviewEvent& a, const ReviewEvent& b) { return a.frame < b.frame; });
  return events;
}

}  // namespace masklet::project
