#pragma once
// The frame ruler under the video: one lane per object (its colour and name) showing where it
// is tracked, prompted and edited; a strip of markers for frames the decoder reported damaged;
// the current-frame cursor, kept in view. Zoomable for long videos: the wheel (or Ctrl+wheel)
// zooms around the cursor, Shift+wheel, a horizontal wheel, middle-drag or the scroll bar move
// the visible range, "Fit" (or a double-click on the ruler) shows everything again. Click or
// drag to seek; a click on a lane's name makes that object the active one. With review signals
// (setReview) each lane has a confidence strip under it (sure / doubtful / lost, see
// confidence_strip.h) and its tooltip gives the numbers. GUI thread only.
#include <QList>
#include <QWidget>
#include <vector>

#include "project/review_signals.h"
#include "ui/timeline/timeline_lanes.h"
#include "ui/timeline/timeline_range.h"

class QScrollBar;
class QToolButton;

namespace masklet::ui {

class Timeline : public QWidget {
  Q_OBJECT

 public:
  explicit Timeline(QWidget* parent = nullptr);

  void setFrameCount(int frameCount);  // also clears the damaged frames and shows everything
  int frameCount() const { return m_range.total; }
  // Moves the cursor, scrolling the visible range when the frame is outside it.
  void setCurrentFrame(int frame);
  int currentFrame() const { return m_current; }

  // --- lanes ---
  // Adds the object's lane or updates its look (an empty name keeps "Object N").
  void setObject(int objectId, const QString& name, const QColor& color, bool visible = true);
  // Replaces the object's tracked (non-empty mask), prompted and edited frames.
  void setObjectFrames(int objectId, const std::vector<int>& tracked,
                       const std::vector<int>& prompted, const std::vector<int>& edited);
  // One frame's mask changed (cheap: called for every tracked frame).
  void markMask(int objectId, int frame, bool present, bool edited);
  void removeObject(int objectId);
  void clearObjects();
  // The object new prompts go to: its name is highlighted.
  void setActiveObject(int objectId);
  int activeObject() const { return m_active; }
  const TimelineLanes& lanes() const { return m_lanes; }

  // --- review assist ---
  // The signals the lanes' confidence strips show (owned by the caller, which calls this again
  // after they changed); nullptr: no strips.
  void setReview(const project::ReviewSignals* signals,
                 const project::ReviewThresholds& thresholds);
  // Where lane `laneIndex`'s confidence strip is drawn (empty without review signals).
  QRect stripRect(int laneIndex) const;

  // --- damage ---
  // Frames the decoder reported damaged or unavailable (any order). Frames past the end are
  // kept until the frame count is known (the tracker may report before the display loader).
  void setDamagedFrames(const QList<int>& frames);
  const QList<int>& damagedFrames() const { return m_damaged; }  // ascending, in the video

  // --- visible range ---
  double visibleStart() const { return m_range.start; }
  double visibleFrames() const { return m_range.frames; }
  void setVisibleRange(double start, double frames);
  // Zooms by `factor` (> 1 in) keeping the frame position under widget x `x` in place.
  void zoomAt(double x, double factor);
  void fitAll();

  // Geometry, for tests and tooltips: where frames are drawn (x) and the lanes (y).
  QRect frameArea() const;
  QRect damageStrip() const;
  QRect laneRect(int laneIndex) const;
  int frameAtX(double x) const;      // clamped to the video
  double xOfFrame(int frame) const;  // left edge of the frame's cell
  QString toolTipAt(const QPoint& pos) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  void frameRequested(int frame);
  void objectActivated(int objectId);

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  int laneHeight() const;
  // A lane, its confidence strip and the gap.
  int lanePitch() const;
  int laneAt(int y) const;  // lane index or -1
  double pixelsPerFrame() const;
  void rangeChanged();  // syncs the scroll bar, repaints
  void paintRuler(QPainter& painter, int first, int last);
  void paintDamage(QPainter& painter, int first, int last, int joinGap);
  void paintLane(QPainter& painter, const TimelineLane& lane, const QRect& rect, int first,
                 int last, int joinGap);
  // Fills one rectangle per run of `mark` in [first, last], at least `minWidth` px wide.
  void paintRuns(QPainter& painter, const std::vector<uint8_t>& marks, uint8_t mark, int first,
                 int last, int joinGap, int top, int height, const QColor& color, int minWidth);

  TimelineLanes m_lanes;
  const project::ReviewSignals* m_review = nullptr;
  project::ReviewThresholds m_thresholds;
  TimelineRange m_range;
  QList<int> m_damagedReported;        // as given
  QList<int> m_damaged;                // ascending, inside the video
  std::vector<uint8_t> m_damageMarks;  // one per frame, for the run painter
  int m_current = 0;
  int m_active = 0;
  bool m_seeking = false;
  bool m_panning = false;
  double m_panAnchorX = 0.0;
  double m_panAnchorStart = 0.0;
  QScrollBar* m_scroll = nullptr;
  QToolButton* m_fitButton = nullptr;
};

}  // namespace masklet::ui
