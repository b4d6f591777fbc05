#pragma once
// The tracker thread and the annotation engine on it (tracker/annotation_engine.h: video or
// image mode behind the same calls). This object lives on the GUI thread: every call returns at
// once and runs on the tracker thread, in the order called; the answers come back as this
// object's signals on the GUI thread, in plain values (RLE masks), never tensors. Every model
// call happens on the tracker thread, and every exception stays there: it becomes failed(one
// line) or promptRefused. The Document is not here: the GUI records the answers
// (tracker/result_recorder.h, see PromptController). GUI thread only.
#include <QList>
#include <QObject>
#include <QString>
#include <QThread>
#include <functional>
#include <memory>
#include <string>

#include "common/cancel_token.h"
#include "tracker/amg_options.h"
#include "ui/tracking/tracking_settings.h"
#include "ui/workers/everything_types.h"
#include "ui/workers/worker_types.h"

namespace masklet::video {
class FrameSource;
}

namespace masklet::ui {

class TrackerWorker : public QObject {
  Q_OBJECT

 public:
  explicit TrackerWorker(QObject* parent = nullptr);
  // Cancels a running job between frames and waits for the thread.
  ~TrackerWorker() override;

  // Emits modelLoading at once; then modelLoadStage lines, and modelLoaded or modelLoadFailed.
  void loadModel(const QString& checkpointPath);
  // The checkpoint of the model in use (empty before one loaded).
  QString modelPath() const { return m_modelPath; }
  void openVideo(const QString& path);
  // Image mode: the folder's images, each annotated on its own with the image predictor (no
  // tracking); the same prompt calls as for a video.
  void openImages(const QString& folder);
  // Precision and caches: for engines made from now on; convergence: for the next propagation.
  void setTrackingSettings(const TrackingSettings& settings);
  const TrackingSettings& trackingSettings() const { return m_settings; }
  // One more prompt input for (frame, object); `before` = the prompts it had (known to the
  // GUI). Answers promptApplied or promptRefused (then the engine is as before).
  void applyInput(int requestId, int frame, int objectId, const project::FramePrompts& before,
                  const project::PromptInput& input);
  // The object's prompts on `frame` become `prompts` (clearing, undo/redo); answers
  // promptApplied (an outcome without input) or promptRefused.
  void setPrompts(int requestId, int frame, int objectId, const project::FramePrompts& prompts);
  // The engine starts over from these prompts (undo of a run, a loaded project).
  void rebuild(const PromptTable& prompts);
  // Tracks from `startFrame` (-1: the earliest prompted frame) to the end or back to the
  // start; every frame as framesTracked, then propagationFinished. Re-tracks only until the
  // masks agree with the previous run when the settings say so, unless `full`.
  void propagate(int startFrame, bool reverse, bool full = false);
  // Stops a running propagation after the frame in progress; finished frames stay.
  void cancelPropagation();
  void removeObject(int objectId);
  // Segment everything: the automatic mask generator on `frame` (this model, the frame as the
  // user sees it): everythingProgress per point batch, then everythingFinished (also when
  // cancelled or failed; a failure goes to failed() too). cancelEverything stops it between
  // batches.
  void segmentEverything(int frame, const tracker::AmgOptions& options);
  void cancelEverything();
  // Whether a call is queued or running on the tracker thread.
  bool isBusy() const { return m_pendingJobs > 0; }

  // How the tracker opens its video (default: video::openFrameSource); the worker puts the
  // frame cache in front of it. Tests wrap the source to count decodes. Set before openVideo.
  using SourceOpener = std::function<std::unique_ptr<video::FrameSource>(const std::string&)>;
  void setSourceOpener(SourceOpener opener);

 Q_SIGNALS:
  void modelLoading(const QString& checkpointPath);
  void modelLoaded(const QString& description);
  // What a model load is doing now ("Reading sam2.1_hiera_tiny.pt..."), for the status bar.
  void modelLoadStage(const QString& text);
  // The load failed (the reason went to failed()); the previous model, if any, stays in use.
  void modelLoadFailed(const QString& checkpointPath);
  void sessionReady(int frameCount);
  void promptApplied(const masklet::ui::PromptOutcome& outcome);
  void promptRefused(int requestId, const QString& message);
  void framesTracked(const masklet::tracker::DocumentFrame& result);
  void progress(int done, int total);
  void propagationFinished(int framesDone, bool cancelled);
  // Before propagationFinished when the run stopped early: the last frame it tracked.
  void propagationConverged(int lastFrame, int agreeingFrames);
  // The precision a new video engine runs in and why (model::PrecisionChoice), e.g. "bf16
  // (auto: CPU has AVX512_BF16)".
  void precisionChosen(const QString& text);
  // Frames the decoder found damaged or could not produce, ascending (the whole list): after
  // the engine opens (empty for a new video) and after prompts and propagations, whenever the
  // list grew.
  void damagedFramesFound(const QList<int>& frames);
  void busyChanged(bool busy);
  void everythingProgress(int done, int total);
  void everythingFinished(const masklet::ui::EverythingResult& result);
  void failed(const QString& message);

 private:
  struct Engine;  // what lives on the tracker thread: the model and the engine

  // Runs `job` on the tracker thread; busy until it has returned.
  void run(std::function<void()> job);
  // Runs `emitter` on the GUI thread: every signal leaves from there, so receivers and
  // QSignalSpy alike see it on the thread this object lives on.
  void answer(std::function<void()> emitter);
  // Tracker-thread side of the calls above.
  void loadOnThread(const QString& checkpointPath);
  void openOnThread(const QString& path, bool images);
  void ensureEngine();
  void reportDamage();
  // Runs `job` through runGuarded; a failure becomes failed(line). Returns success.
  bool guarded(const QString& what, const std::function<void()>& job);

  QThread m_thread;
  QObject* m_context = nullptr;  // lives on m_thread: jobs are queued to it
  std::unique_ptr<Engine> m_engine;
  // GUI-thread state.
  CancelTokenPtr m_cancel;
  CancelTokenPtr m_everythingCancel;
  TrackingSettings m_settings;
  int m_pendingJobs = 0;
  QStringList m_loadsInFlight;  // model loads asked for (answered in order)
  QString m_modelPath;
};

}  // namespace masklet::ui
