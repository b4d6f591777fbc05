#pragma once
// The engine side of the annotation document: drives a VideoSession with the Document's
// prompts and turns its outputs into the Document's values (RLE masks with their signals).
// The GUI's worker and `masklet-cli track` use it alike, so both drive the tracker the same
// way: the caller asks the session, then records the result in its Document
// (Document::applyPromptResult / setMasks); a refused prompt throws and leaves both as they were.
//
// Thread-safety: none; the thread that owns the VideoSession owns this.
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "common/cancel_token.h"
#include "project/document_types.h"
#include "tracker/document_frame.h"
#include "tracker/video_session.h"

namespace masklet::tracker {

// Mask logits [N, H, W] or [N, 1, H, W] -> one RLE per mask; > 0 is the object.
std::vector<dataset::Rle> binaryMaskRles(const torch::Tensor& logits);

// The masks of one engine output (source: Prompted for prompt results, Tracked otherwise).
DocumentFrame toDocumentFrame(const FrameMasks& masks, project::MaskSource source);

class AnnotationSession {
 public:
  explicit AnnotationSession(std::unique_ptr<VideoSession> session);
  ~AnnotationSession();

  // The object's prompts on `frame` become exactly `prompts` (empty: cleared): the engine
  // drops what it had there and replays the inputs in order. Returns the frame's masks.
  // Throws masklet::Error (the engine's refusal) — the engine is then as before the call.
  DocumentFrame setPrompts(int frame, int objectId, const project::FramePrompts& prompts);
  // Appends one input to the object's prompts on `frame` (`before` = what it had): one engine
  // call, the same result as setPrompts(before.with(input)).
  DocumentFrame addInput(int frame, int objectId, const project::FramePrompts& before,
                         const project::PromptInput& input);
  // Tracks from request.startFrame; every frame's masks go to onFrame as soon as done.
  using FrameSink = std::function<void(const DocumentFrame&)>;
  PropagateResult propagate(const PropagateRequest& request, const FrameSink& onFrame,
                            const ProgressCallback& onProgress = {},
                            const CancelToken* cancel = nullptr);
  // Removes the object from the engine; the frames whose masks changed for the others.
  std::vector<DocumentFrame> removeObject(int objectId);
  // The engine starts over from these prompts (after undo/redo across objects or runs, or a
  // loaded project): every (frame, object) replayed in frame order. Prompts the engine refuses
  // are skipped and reported in the returned messages (one line each).
  std::vector<std::string> rebuild(
      const std::map<project::FrameObjectKey, project::FramePrompts>& prompts);
  void reset();

  VideoSession& engine() { return *m_session; }
  int64_t frameCount() const { return m_session->frameCount(); }

 private:
  FrameMasks runInput(int frame, int objectId, const project::PromptInput& input, bool first);
  std::unique_ptr<VideoSession> m_session;
};

}  // namespace masklet::tracker
