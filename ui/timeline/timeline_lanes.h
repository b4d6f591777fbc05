#pragma once
// What the timeline draws for each object: one byte of marks per frame (tracked, prompted,
// edited), so a tracked frame is an O(1) update and a paint walks only the visible frames,
// joining neighbours into runs (a 10k-frame lane zoomed out is a few hundred rectangles, not
// 10k). Lanes keep the order objects were first added. GUI thread; not thread-safe.
#include <QColor>
#include <QString>
#include <cstdint>
#include <functional>
#include <vector>

namespace masklet::ui {

enum LaneMark : uint8_t {
  kTracked = 1,   // a non-empty mask
  kPrompted = 2,  // the user gave prompts there
  kEdited = 4,    // the mask was painted or imported (project::MaskSource Edited / Imported)
};

struct TimelineLane {
  int objectId = 0;
  QString name;
  QColor color;
  bool visible = true;
  std::vector<uint8_t> marks;  // one per frame
};

class TimelineLanes {
 public:
  void setFrameCount(int frameCount);
  int frameCount() const { return m_frameCount; }

  // Adds the object's lane (at the end) or updates its name, colour and visibility.
  void setObject(int objectId, const QString& name, const QColor& color, bool visible);
  void removeObject(int objectId);
  void clear() { m_lanes.clear(); }
  const std::vector<TimelineLane>& lanes() const { return m_lanes; }
  const TimelineLane* lane(int objectId) const;

  // Replaces every frame's `mark` of the object's lane by `frames` (adds the lane if needed).
  void setFrames(int objectId, LaneMark mark, const std::vector<int>& frames);
  // Sets or clears one frame's mark; returns whether anything changed.
  bool setMark(int objectId, int frame, LaneMark mark, bool on);
  bool hasMark(int objectId, int frame, LaneMark mark) const;

  // Calls `run(begin, end)` for each run of frames with `mark` in [first, last], frames
  // [begin, end); runs separated by fewer than `joinGap` frames are joined (gaps thinner than
  // a pixel are not drawn anyway).
  static void forEachRun(const std::vector<uint8_t>& marks, uint8_t mark, int first, int last,
                         int joinGap, const std::function<void(int, int)>& run);

 private:
  TimelineLane* findLane(int objectId);
  TimelineLane& laneFor(int objectId);

  int m_frameCount = 0;
  std::vector<TimelineLane> m_lanes;
};

}  // namespace masklet::ui
