#include "ui/timeline/timeline_lanes.h"

#include <QObject>
#include <algorithm>

#include "ui/objects/object_colors.h"

namespace masklet::ui {

void TimelineLanes::setFrameCount(int frameCount) {
  m_frameCount = std::max(0, frameCount);
  for (TimelineLane& lane : m_lanes) lane.marks.assign(size_t(m_frameCount), 0);
}

TimelineLane* TimelineLanes::findLane(int objectId) {
  for (TimelineLane& lane : m_lanes)
    if (lane.objectId == objectId) return &lane;
  return nullptr;
}

const TimelineLane* TimelineLanes::lane(int objectId) const {
  for (const TimelineLane& lane : m_lanes)
    if (lane.objectId == objectId) return &lane;
  return nullptr;
}

TimelineLane& TimelineLanes::laneFor(int objectId) {
  if (TimelineLane* found = findLane(objectId)) return *found;
  TimelineLane lane;
  lane.objectId = objectId;
  lane.name = QObject::tr("Object %1").arg(objectId);
  lane.color = colorForObject(objectId);
  lane.marks.assign(size_t(m_frameCount), 0);
  m_lanes.push_back(std::move(lane));
  return m_lanes.back();
}

void TimelineLanes::setObject(int objectId, const QString& name, const QColor& color,
                              bool visible) {
  TimelineLane& lane = laneFor(objectId);
  if (!name.isEmpty()) lane.name = name;
  if (color.isValid()) lane.color = color;
  lane.visible = visible;
}

void TimelineLanes::removeObject(int objectId) {
  m_lanes.erase(std::remove_if(m_lanes.begin(), m_lanes.end(),
                               [&](const TimelineLane& lane) { return lane.objectId == objectId; }),
                m_lanes.end());
}

void TimelineLanes::setFrames(int objectId, LaneMark mark, const std::vector<int>& frames) {
  TimelineLane& lane = laneFor(objectId);
  for (uint8_t& marks : lane.marks) marks &= uint8_t(~mark);
  for (const int frame : frames)
    if (frame >= 0 && frame < m_frameCount) lane.marks[size_t(frame)] |= mark;
}

bool TimelineLanes::setMark(int objectId, int frame, LaneMark mark, bool on) {
  if (frame < 0 || frame >= m_frameCount) return false;
  uint8_t& marks = laneFor(objectId).marks[size_t(frame)];
  const uint8_t before = marks;
  marks = on ? uint8_t(marks | mark) : uint8_t(marks & ~mark);
  return marks != before;
}

bool TimelineLanes::hasMark(int objectId, int frame, LaneMark mark) const {
  const TimelineLane* found = lane(objectId);
  return found != nullptr && frame >= 0 && frame < int(found->marks.size()) &&
         (found->marks[size_t(frame)] & mark) != 0;
}

void TimelineLanes::forEachRun(const std::vector<uint8_t>& marks, uint8_t mark, int first, int last,
                               int joinGap, const std::function<void(int, int)>& run) {
  first = std::max(0, first);
  last = std::min(last, int(marks.size()) - 1);
  int begin = -1;
  int end = -1;
  for (int frame = first; frame <= last; ++frame) {
    if ((marks[size_t(frame)] & mark) == 0) continue;
    if (begin >= 0 && frame - end < joinGap) {
      end = frame + 1;
      continue;
    }
    if (begin >= 0) run(begin, end);
    begin = frame;
    end = frame + 1;
  }
  if (begin >= 0) run(begin, end);
}

}  // namespace masklet::ui
