#pragma once
// Owns the SAM 2 model and the AnnotationSession of the open video, on its own QThread: every
// model call happens here, never on the GUI thread. A thin shim: requests arrive as queued
// calls, answers leave as signals with plain values (RLE masks), and every exception goes
// through runGuarded into failed(one line). The document is not here: the GUI records what
// the engine returns (see PromptController).
#include <QList>
#include <QObject>
#include <QString>
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
  TrackerWorker();
  ~TrackerWorker() override;

  void loadModel(const QString& checkpointPath);
  void openVideo(const QString& path);
  // Image mode: the folder's images, each annotated on its own with the image predictor (no
  // tracking); the same prompt calls as for a video.
  void openImages(const QString& folder);
  // The precision applies to sessions made from now on; the convergence rule to the next
  // propagation.
  void setTrackingSettings(const masklet::ui::TrackingSettings& settings);
  // One more prompt input for (frame, object); `before` = the prompts it had (known to the
  // GUI). Answers promptApplied or promptRefused (then the engine is as before).
  void applyInput(int requestId, int frame, int objectId, const project::FramePrompts& before,
                  const project::PromptInput& input);
  // The object's prompts on `frame` become `prompts` (clearing, undo/redo); answers
  // promptApplied (an outcome without input) or promptRefused.
  void setPrompts(int requestId, int frame, int objectId, const project::FramePrompts& prompts);
  // The engine starts over from these prompts (undo of a run, a loaded project).
  void rebuild(const masklet::ui::PromptTable& prompts);
  // Tracks from `startFrame` (-1: the earliest prompted frame) to the end or back to the
  // start; every frame as framesTracked. `cancel` is checked between frames; finished frames
  // stay. With untilConverged it stops once the masks agree with the previous run.
  void propagate(int startFrame, bool reverse, const masklet::CancelTokenPtr& cancel,
                 bool untilConverged = false);
  void removeObject(int objectId);
  // Segment everything: the automatic mask generator on `frame` (this model, the frame as the
  // user sees it). `progress(done, total)` after each point batch; `cancel` is checked between
  // batches (then cancelled, no masks). A failure is reported through failed() too.
  EverythingResult segmentEverything(int frame, const tracker::AmgOptions& options,
                                     const CancelTokenPtr& cancel,
                                     const std::function<void(int, int)>& progress);

  // How the tracker opens its video (default: video::openFrameSource); the worker puts the
  // frame cache in front of it. Tests wrap the source to count decodes. Set before openVideo.
  using SourceOpener = std::function<std::unique_ptr<video::FrameSource>(const std::string&)>;
  void setSourceOpener(SourceOpener opener);

 Q_SIGNALS:
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
  // The precision a new session runs in and why (model::PrecisionChoice), e.g. "bf16 (auto:
  // CPU has AVX512_BF16)".
  void precisionChosen(const QString& text);
  // Frames the decoder found damaged or could not produce, ascending (FrameSource::
  // damagedFrames): after the session opens (empty for a new video) and after prompts and
  // propagations, whenever the list grew.
  void damagedFramesFound(const QList<int>& frames);
  void failed(const QString& message);

 private:
  void ensureSession();
  void reportDamage();
  // Runs `job` through runGuarded; a failure becomes failed(line). Returns success.
  bool guarded(const QString& what, const std::function<void()>& job);

  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace masklet::ui

Q_DECLARE_METATYPE(masklet::CancelTokenPtr)
