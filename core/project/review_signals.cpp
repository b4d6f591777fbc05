#include "project/review_signals.h"

#include <set>

namespace masklet::project {

const char* toString(ReviewState state) {
  switch (state) {
    case ReviewState::Sure:
      return "sure";
    case ReviewState::Doubtful:
      return "doubtful";
    case ReviewState::Lost:
      return "lost";
    case ReviewState::Untracked:
      return "untracked";
  }
  return "untracked";
}

bool isPresent(const FrameSignals& signals) {
  return signals.area > 0 && (!signals.objectScore || *signals.objectScore > 0.0);
}

ReviewState classify(const FrameSignals* signals, const ReviewThresholds& thresholds) {
  if (signals == nullptr) return ReviewState::Untracked;
  if (!isPresent(*signals)) return ReviewState::Lost;
  if (signals->source == MaskSource::Edited) return ReviewState::Sure;
  if (signals->predictedIou && *signals->predictedIou < thresholds.minPredictedIou)
    return ReviewState::Doubtful;
  if (signals->iouWithPrevious && *signals->iouWithPrevious < thresholds.minConsecutiveIou)
    return ReviewState::Doubtful;
  return ReviewState::Sure;
}

void ReviewSignals::rebuild(const DocumentState& state) {
  m_series.clear();
  for (const auto& [key, mask] : state.masks) refresh(state, key.first, key.second);
}

void ReviewSignals::update(const DocumentState& state, const DocumentChange& change) {
  if (change.kind == DocumentChange::Kind::Reset || change.objectSetChanged) {
    rebuild(state);
    return;
  }
  std::set<FrameObjectKey> touched = change.checkedChanged;
  for (const auto& [frame, objectId] : change.masksChanged) {
    touched.insert({frame, objectId});
    touched.insert({frame + 1, objectId});
  }
  // Ascending frames: frame f is current before f + 1 reads its mask (refresh reads the
  // state's masks, not the series, so the order only matters for clarity).
  for (const auto& [frame, objectId] : touched) refresh(state, frame, objectId);
}

void ReviewSignals::refresh(const DocumentState& state, int frame, int objectId) {
  const auto found = state.masks.find({frame, objectId});
  if (found == state.masks.end()) {
    auto series = m_series.find(objectId);
    if (series == m_series.end()) return;
    series->second.erase(frame);
    if (series->second.empty()) m_series.erase(series);
    return;
  }
  const ObjectMask& mask = found->second;
  FrameSignals signals;
  signals.frame = frame;
  signals.objectScore = mask.quality.objectScore;
  signals.predictedIou = mask.quality.predictedIou;
  signals.area = dataset::rleArea(mask.rle);
  signals.source = mask.source;
  signals.checked = state.checked.count({frame, objectId}) > 0;
  const auto previous = state.masks.find({frame - 1, objectId});
  if (signals.area > 0 && previous != state.masks.end() &&
      dataset::rleArea(previous->second.rle) > 0 &&
      previous->second.rle.height == mask.rle.height &&
      previous->second.rle.width == mask.rle.width)
    signals.iouWithPrevious = dataset::rleIou(previous->second.rle, mask.rle);
  m_series[objectId][frame] = signals;
}

const SignalSeries& ReviewSignals::series(int objectId) const {
  static const SignalSeries none;
  const auto found = m_series.find(objectId);
  return found == m_series.end() ? none : found->second;
}

const FrameSignals* ReviewSignals::at(int frame, int objectId) const {
  const SignalSeries& frames = series(objectId);
  const auto found = frames.find(frame);
  return found == frames.end() ? nullptr : &found->second;
}

namespace {

bool toReview(const FrameSignals& signals, const ReviewThresholds& thresholds) {
  return !signals.checked && classify(&signals, thresholds) == ReviewState::Doubtful;
}

}  // namespace

std::vector<int> reviewList(const SignalSeries& series, const ReviewThresholds& thresholds) {
  std::vector<int> frames;
  for (const auto& [frame, signals] : series)
    if (toReview(signals, thresholds)) frames.push_back(frame);
  return frames;
}

std::optional<int> nextToReview(const SignalSeries& series, int frame,
                                const ReviewThresholds& thresholds) {
  for (auto it = series.upper_bound(frame); it != series.end(); ++it)
    if (toReview(it->second, thresholds)) return it->first;
  return std::nullopt;
}

std::optional<int> previousToReview(const SignalSeries& series, int frame,
                                    const ReviewThresholds& thresholds) {
  for (auto it = std::make_reverse_iterator(series.lower_bound(frame)); it != series.rend(); ++it)
    if (toReview(it->second, thresholds)) return it->first;
  return std::nullopt;
}

}  // namespace masklet::project
