#pragma once
// Review assist: what the model's own signals say about each object's masks, frame by frame,
// so a reviewer looks only where tracking is unsure. Object score and predicted IoU are the
// engine's (saved with each mask); mask area and the IoU with the previous frame's mask are
// derived from the saved masks, so they are computed here (on load, then per changed frame)
// rather than stored. The "checked" marks are Document state (Document::setChecked).
//
// Thread-safety: none; a value owned by one thread, like the Document it mirrors.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "project/document.h"

namespace masklet::project {

// One object's mask on one frame as review sees it.
struct FrameSignals {
  int frame = 0;
  std::optional<double> objectScore;   // the engine's logit (> 0: the object is there)
  std::optional<double> predictedIou;  // the engine's estimate for the chosen mask
  std::uint64_t area = 0;              // foreground pixels
  // IoU with the object's mask on frame - 1; none when that frame has no mask of the object or
  // either mask is empty (that is a disappearance or reappearance, not a change of shape).
  std::optional<double> iouWithPrevious;
  MaskSource source = MaskSource::Tracked;
  bool checked = false;
};

// An object's frames that have a mask entry (an empty mask included), by frame.
using SignalSeries = std::map<int, FrameSignals>;

// When a frame needs a look. Lost: the object score is <= 0 or the mask is empty. Doubtful:
// the predicted IoU is below minPredictedIou (SAM 2's good masks score 0.8 and more), or the
// mask overlaps the previous frame's by less than minConsecutiveIou (objects move little
// between frames; half the mask changing is a jump to something else or a broken mask).
struct ReviewThresholds {
  double minPredictedIou = 0.7;
  double minConsecutiveIou = 0.5;
  // An area change by more than this factor between consecutive frames (either way) is an event.
  double areaJumpFactor = 2.0;
  bool operator==(const ReviewThresholds& other) const {
    return minPredictedIou == other.minPredictedIou &&
           minConsecutiveIou == other.minConsecutiveIou && areaJumpFactor == other.areaJumpFactor;
  }
  bool operator!=(const ReviewThresholds& other) const { return !(*this == other); }
};

// Untracked: no mask entry on that frame (never tracked or prompted there).
enum class ReviewState { Sure, Doubtful, Lost, Untracked };
const char* toString(ReviewState state);

// Whether the object is there: a non-empty mask whose score (if any) is above 0.
bool isPresent(const FrameSignals& signals);
// nullptr: Untracked. A mask a person painted (source Edited) is never doubtful.
ReviewState classify(const FrameSignals* signals, const ReviewThresholds& thresholds);

// Every object's series, kept in step with a Document.
class ReviewSignals {
 public:
  ReviewSignals() = default;
  explicit ReviewSignals(const DocumentState& state) { rebuild(state); }

  void rebuild(const DocumentState& state);
  // After a Document change: only the touched frames (a mask on frame f also changes f + 1's
  // IoU with the previous); a reset or a changed object set rebuilds everything.
  void update(const DocumentState& state, const DocumentChange& change);

  // Empty for an unknown object or one without masks.
  const SignalSeries& series(int objectId) const;
  const FrameSignals* at(int frame, int objectId) const;

 private:
  void refresh(const DocumentState& state, int frame, int objectId);
  std::map<int, SignalSeries> m_series;
};

// The frames a reviewer still has to look at: doubtful and not checked, ascending.
std::vector<int> reviewList(const SignalSeries& series, const ReviewThresholds& thresholds);
// The first frame of the review list after `frame` / the last before it (none at the end).
std::optional<int> nextToReview(const SignalSeries& series, int frame,
                                const ReviewThresholds& thresholds);
std::optional<int> previousToReview(const SignalSeries& series, int frame,
                                    const ReviewThresholds& thresholds);

}  // namespace masklet::project
