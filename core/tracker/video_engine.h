#pragma once
// Video mode behind the engine interface: drives a VideoSession with the Document's prompts
// and turns its outputs into the Document's values (RLE masks with their signals). The GUI's
// worker and `masklet-cli track` use it alike, so both drive the tracker the same way.
//
// A refused prompt leaves the engine as before: where the video predictor registers a new
// object before refusing its first prompt (the reference does), the object is taken back, so
// the next propagation does not trip over an object without prompts.
//
// Thread-safety: none; the thread that owns the VideoSession owns this.
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "common/cancel_token.h"
#include "project/document_types.h"
#include "tracker/annotation_engine.h"
#include "tracker/document_frame.h"
#include "tracker/video_session.h"
#include "video/frame_source.h"

namespace masklet::tracker {

// Mask logits [N, H, W] or [N, 1, H, W] -> one RLE per mask; > 0 is the object.
std::vector<dataset::Rle> binaryMaskRles(const torch::Tensor& logits);

// The masks of one engine output (source: Prompted for prompt results, Tracked otherwise).
DocumentFrame toDocumentFrame(const FrameMasks& masks, project::MaskSource source);

class VideoEngine : public AnnotationEngine {
 public:
  // `frames`: the video as the user sees it (frameRgb, damagedFrames); may be null when only
  // the model's input is at hand (then frameRgb throws and no frame is damaged).
  explicit VideoEngine(std::unique_ptr<VideoSession> session,
                       std::shared_ptr<video::FrameSource> frames = nullptr);
  ~VideoEngine() override;

  int64_t frameCount() const override { return m_session->frameCount(); }
  bool tracks() const override { return true; }
  // Embeds the frame first when its features are not cached, so the answer tells the click's
  // cost apart from the image's; the engine then drives add_new_points_or_box / add_new_mask.
  PromptAnswer addInput(int frame, int objectId, const project::FramePrompts& before,
                        const project::PromptInput& input) override;
  // The engine has no "remove one click": it drops the frame's prompts and replays `prompts`.
  PromptAnswer setPrompts(int frame, int objectId, const project::FramePrompts& prompts) override;
  // Every (frame, object) replayed in frame order after a reset.
  std::vector<std::string> rebuild(const PromptTable& prompts) override;
  PropagateResult propagate(const PropagateRequest& request, const FrameSink& onFrame,
                            const ProgressCallback& onProgress = {},
                            const CancelToken* cancel = nullptr) override;
  std::vector<DocumentFrame> removeObject(int objectId) override;
  void reset() override;
  cv::Mat frameRgb(int frame) override;
  std::vector<int> damagedFrames() const override;

 private:
  FrameMasks runInput(int frame, int objectId, const project::PromptInput& input, bool first);
  // Runs `prompt`; when it throws, takes back an object the engine registered on the way.
  DocumentFrame keepingObjectsOnRefusal(int objectId, const std::function<DocumentFrame()>& prompt);

  std::unique_ptr<VideoSession> m_session;
  std::shared_ptr<video::FrameSource> m_frames;
};

}  // namespace masklet::tracker
