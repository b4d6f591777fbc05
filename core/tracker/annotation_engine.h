#pragma once
// The one door to the model for annotating: video mode (VideoEngine, the video predictor with
// its memory) and image mode (ImageEngine, each image on its own) behind the same calls, so the
// GUI's worker thread and `masklet-cli track` drive either without asking which it is.
//
// Every call is a request with its answer: the frame's masks in the Document's values
// (DocumentFrame, no tensors), which the caller records with ResultRecorder. A refused prompt
// throws masklet::Error and leaves the engine as it was before the call, so the caller records
// nothing and engine and Document still agree.
//
// Torch-free on purpose: the ui includes it without compiling LibTorch's headers.
// Thread-safety: none; the thread that owns the model owns the engine.
#include <cstdint>
#include <functional>
#include <map>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "project/document_types.h"
#include "tracker/document_frame.h"
#include "tracker/propagate_types.h"

namespace masklet::tracker {

// Every (frame, object)'s prompts, as the Document holds them.
using PromptTable = std::map<project::FrameObjectKey, project::FramePrompts>;

// The engine's answer to one prompt, with what it cost on the engine's thread.
struct PromptAnswer {
  DocumentFrame result;
  int elapsedMs = -1;  // the whole call (-1: not measured)
  int encodeMs = 0;    // the part spent embedding the frame's image first (0: it was cached)
};

class AnnotationEngine {
 public:
  virtual ~AnnotationEngine() = default;

  virtual int64_t frameCount() const = 0;
  // Whether propagate() can run (image mode annotates each image on its own).
  virtual bool tracks() const = 0;

  // Appends one input to the object's prompts on `frame`; `before` = what it had there (the
  // same answer as setPrompts(frame, objectId, before.with(input))).
  virtual PromptAnswer addInput(int frame, int objectId, const project::FramePrompts& before,
                                const project::PromptInput& input) = 0;
  // The object's prompts on `frame` become exactly `prompts` (empty: cleared; undo and redo).
  virtual PromptAnswer setPrompts(int frame, int objectId,
                                  const project::FramePrompts& prompts) = 0;
  // The engine starts over from these prompts (undo across runs or objects, a loaded project).
  // Prompts it refuses are skipped and returned, one line each.
  virtual std::vector<std::string> rebuild(const PromptTable& prompts) = 0;

  // Tracks from request.startFrame; each frame's masks go to onFrame as soon as done.
  // `cancel` is checked between frames; finished frames stay. Throws masklet::Error when the
  // engine does not track.
  using FrameSink = std::function<void(const DocumentFrame&)>;
  virtual PropagateResult propagate(const PropagateRequest& request, const FrameSink& onFrame,
                                    const ProgressCallback& onProgress = {},
                                    const CancelToken* cancel = nullptr) = 0;

  // Drops the object; the frames whose masks changed for the others.
  virtual std::vector<DocumentFrame> removeObject(int objectId) = 0;
  // Forgets every object and prompt.
  virtual void reset() = 0;

  // The frame as the user sees it (RGB, at its own size), e.g. for segment everything.
  virtual cv::Mat frameRgb(int frame) = 0;
  // Frames the decoder found damaged or could not produce, ascending.
  virtual std::vector<int> damagedFrames() const = 0;
};

}  // namespace masklet::tracker
