#pragma once
// A frame ruler with one row per object: where the object is present (tracked mask not
// empty), where it was prompted, and the current frame. Click or drag to seek. GUI thread.
#include <QMap>
#include <QSet>
#include <QVector>
#include <QWidget>

namespace masklet::ui {

class Timeline : public QWidget {
  Q_OBJECT

 public:
  explicit Timeline(QWidget* parent = nullptr);

  void setFrameCount(int frameCount);
  void setCurrentFrame(int frame);
  int currentFrame() const { return m_current; }
  int frameCount() const { return m_frameCount; }
  // Frames where each object has a non-empty mask, and frames where it was prompted.
  void setPresence(int objectId, const QSet<int>& frames);
  void setPrompted(int objectId, const QSet<int>& frames);
  // Updates one frame of an object's presence row (cheap: called for every tracked frame).
  void markPresence(int objectId, int frame, bool present);
  void removeObject(int objectId);
  void clearObjects();

  QSize sizeHint() const override;

 Q_SIGNALS:
  void frameRequested(int frame);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  int frameAt(double x) const;
  double xOf(int frame) const;
  QRectF trackArea() const;

  int m_frameCount = 0;
  int m_current = 0;
  QMap<int, QSet<int>> m_presence;
  QMap<int, QSet<int>> m_prompted;
};

}  // namespace masklet::ui
