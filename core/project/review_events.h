#pragma once
// Review assist: the moments in a track worth a look, found from the signals of consecutive
// frames (both frames must have a mask entry; untracked gaps are not events).
#include <vector>

#include "project/review_signals.h"

namespace masklet::project {

struct ReviewEvent {
  enum class Kind {
    Disappears,  // present on frame - 1, lost here (the score crossed 0 or the mask emptied)
    Reappears,   // lost on frame - 1, present here
    AreaJump,    // the area changed by more than the area-jump factor; value = area / previous
    IouDrop,     // the IoU with the previous mask fell below minConsecutiveIou; value = the IoU
  };
  int frame = 0;
  int objectId = 0;
  Kind kind = Kind::Disappears;
  // Disappears / Reappears: the object score here (0 when the mask has none).
  double value = 0.0;
  bool operator==(const ReviewEvent& other) const {
    return frame == other.frame && objectId == other.objectId && kind == other.kind &&
           value == other.value;
  }
};

const char* toString(ReviewEvent::Kind kind);

// One object's events, by frame.
std::vector<ReviewEvent> findEvents(int objectId, const SignalSeries& series,
                                    const ReviewThresholds& thresholds);
// The events of the given objects, by frame, then in the objects' order.
std::vector<ReviewEvent> findEvents(const ReviewSignals& signals, const std::vector<int>& objectIds,
                                    const ReviewThresholds& thresholds);

}  // namespace masklet::project
