#pragma once
// Owns the SAM 2 model and the VideoSession of the open video, on its own QThread: every
// model call happens here, never on the GUI thread. Requests arrive as queued slot calls;
// answers leave as signals with plain values (RLE masks, text). Exceptions never cross the
// event loop: each becomes failed(message).
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector>
#include <memory>

#include "common/cancel_token.h"
#include "ui/tracking_settings.h"
#include "ui/worker_types.h"

namespace masklet::ui {

class TrackerWorker : public QObject {
  Q_OBJECT

 public:
  TrackerWorker();
  ~TrackerWorker() override;

 public Q_SLOTS:
  void loadModel(const QString& checkpointPath);
  void openVideo(const QString& path);
  // The precision applies to sessions made from now on; the convergence rule to the next
  // propagation.
  void setTrackingSettings(const masklet::ui::TrackingSettings& settings);
  // Points in frame pixels; labels 1 positive, 0 negative.
  void addPoints(int frame, int objectId, const QVector<QPointF>& points,
                 const QVector<int>& labels, bool clearOld);
  void addBox(int frame, int objectId, const QRectF& box);
  // A whole mask (video size) as the object's prompt on `frame`: imported annotations to
  // refine, or a painted correction.
  void addMask(int frame, int objectId, const masklet::dataset::Rle& mask);
  // Tracks every object from `startFrame` (-1: the earliest prompted frame) to the end or
  // back to the start. `cancel` is checked between frames; finished frames are kept. With
  // untilConverged it stops once the masks agree with the previous run (the settings' rule).
  void propagate(int startFrame, bool reverse, const masklet::CancelTokenPtr& cancel,
                 bool untilConverged = false);
  void removeObject(int objectId);
  void clearFrame(int frame, int objectId);
  void resetSession();

 Q_SIGNALS:
  void modelLoaded(const QString& description);
  void sessionReady(int frameCount);
  void masksReady(const masklet::ui::FrameResult& result);
  void progress(int done, int total);
  void propagationFinished(int framesDone, bool cancelled);
  // Before propagationFinished when the run stopped early: the last frame it tracked.
  void propagationConverged(int lastFrame, int agreeingFrames);
  // The precision a new session runs in and why (model::PrecisionChoice), e.g. "bf16 (auto:
  // CPU has AVX512_BF16)".
  void precisionChosen(const QString& text);
  void failed(const QString& message);

 private:
  void ensureSession();

  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::CancelTokenPtr)
