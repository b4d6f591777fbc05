#pragma once
// GUI-side handle of the two worker threads: the tracker (model + AnnotationSession) and the
// display frame loader. Every call returns at once (queued to the worker); results come back
// as signals on the GUI thread. GUI thread only.
#include <QObject>
#include <QStringList>
#include <QThread>
#include <functional>

#include "common/cancel_token.h"
#include "tracker/amg_options.h"
#include "ui/tracking/tracking_settings.h"
#include "ui/workers/everything_types.h"
#include "ui/workers/worker_types.h"

namespace masklet::ui {

class FrameLoader;
class TrackerWorker;

class SessionController : public QObject {
  Q_OBJECT

 public:
  explicit SessionController(QObject* parent = nullptr);
  ~SessionController() override;

  // Emits modelLoading at once; then modelLoadStage lines, and modelLoaded or modelLoadFailed.
  void loadModel(const QString& checkpointPath);
  // The checkpoint of the model in use (empty before one loaded).
  QString modelPath() const { return m_modelPath; }
  void openMedia(const QString& path);
  // Image mode: a folder of images, each annotated on its own (sizes may differ).
  void openImages(const QString& folder);
  void requestFrame(int frame);
  void applyInput(int requestId, int frame, int objectId, const project::FramePrompts& before,
                  const project::PromptInput& input);
  void setPrompts(int requestId, int frame, int objectId, const project::FramePrompts& prompts);
  void rebuild(const PromptTable& prompts);
  // Re-tracks only until the masks agree with the previous run when the settings say so,
  // unless `full`.
  void propagate(int startFrame, bool reverse, bool full = false);
  // Precision: for sessions made from now on; convergence: for the next propagation.
  void setTrackingSettings(const TrackingSettings& settings);
  const TrackingSettings& trackingSettings() const { return m_settings; }
  // Stops a running propagation after the frame in progress; finished frames stay.
  void cancelPropagation();
  void removeObject(int objectId);
  // Segment everything on `frame` (issue 27): everythingProgress per point batch, then
  // everythingFinished (also when cancelled or failed). cancelEverything stops it between
  // batches.
  void segmentEverything(int frame, const tracker::AmgOptions& options);
  void cancelEverything();
  bool isBusy() const { return m_pendingJobs > 0; }
  // The tracker thread's worker (tests read its frame source's decode counts).
  TrackerWorker* tracker() const { return m_tracker; }

 Q_SIGNALS:
  void mediaOpened(const masklet::ui::MediaInfo& info);
  void frameLoaded(int frame, const QImage& image);
  void modelLoaded(const QString& description);
  void modelLoading(const QString& checkpointPath);
  void modelLoadStage(const QString& text);
  void modelLoadFailed(const QString& checkpointPath);
  void sessionReady(int frameCount);
  void promptApplied(const masklet::ui::PromptOutcome& outcome);
  void promptRefused(int requestId, const QString& message);
  void framesTracked(const masklet::tracker::DocumentFrame& result);
  void progress(int done, int total);
  void propagationFinished(int framesDone, bool cancelled);
  void propagationConverged(int lastFrame, int agreeingFrames);
  void precisionChosen(const QString& text);
  // Frames the tracker's decoder found damaged or unavailable, ascending (the whole list).
  void damagedFramesFound(const QList<int>& frames);
  void busyChanged(bool busy);
  void everythingProgress(int done, int total);
  void everythingFinished(const masklet::ui::EverythingResult& result);
  void failed(const QString& message);

 private:
  void jobStarted();
  void jobFinished();
  // Runs `job` on the tracker thread; the controller is busy until it has returned.
  void runOnTracker(std::function<void(TrackerWorker*)> job);

  QThread m_trackerThread;
  QThread m_loaderThread;
  TrackerWorker* m_tracker = nullptr;
  FrameLoader* m_loader = nullptr;
  CancelTokenPtr m_cancel;
  CancelTokenPtr m_everythingCancel;
  TrackingSettings m_settings;
  int m_pendingJobs = 0;
  QStringList m_loadsInFlight;  // model loads asked for (the worker answers them in order)
  QString m_modelPath;
};

}  // namespace masklet::ui
