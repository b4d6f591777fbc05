#pragma once
// Image mode's engine: a set of unrelated images (a folder, sizes may differ), each annotated
// on its own with the image predictor (ImageSession, the SAM2ImagePredictor port: an image is
// embedded once, then prompted). Behind the engine interface like the video engine, so the
// GUI's worker drives either alike; a refused prompt throws and changes nothing.
//
// An object's mask on an image comes from its prompt inputs there alone (no memory, no
// propagation), so replaying them always gives what was recorded:
//  - the inputs in effect are those since the last one that clears points or has a box;
//  - when the last of them is a mask (a picked candidate, a painted mask), that mask is the
//    result as it is;
//  - otherwise the predictor runs on all their points and the box together: a single click
//    without a box gives three candidates (predict with multimask_output, as the reference's
//    first click) and the one with the highest predicted IoU is the mask; more points or a
//    box give one mask.
//
// Thread-safety: none; the thread that owns the model owns this.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/precision.h"
#include "model/sam2_model.h"
#include "project/document_types.h"
#include "tracker/annotation_engine.h"
#include "tracker/image_session.h"

namespace masklet::tracker {

class ImageEngine : public AnnotationEngine {
 public:
  // imageFiles: the images in frame order (read as RGB, EXIF orientation not applied). Throws
  // masklet::Error when there are none or the model is missing.
  ImageEngine(std::shared_ptr<const model::Sam2Model> model, std::vector<std::string> imageFiles,
              model::Precision precision = model::Precision::Fp32);

  int64_t frameCount() const override { return int64_t(m_files.size()); }
  bool tracks() const override { return false; }
  // The object's mask on image `frame` from `before` plus one more input (not timed).
  PromptAnswer addInput(int frame, int objectId, const project::FramePrompts& before,
                        const project::PromptInput& input) override;
  // The object's mask on image `frame` from exactly these prompts (empty: an empty mask).
  // Throws masklet::Error for a prompt outside the image or a mask of another size.
  PromptAnswer setPrompts(int frame, int objectId, const project::FramePrompts& prompts) override;
  // Each image's masks come from its prompts alone: nothing to replay.
  std::vector<std::string> rebuild(const PromptTable&) override { return {}; }
  // Throws: image mode has no tracking.
  PropagateResult propagate(const PropagateRequest& request, const FrameSink& onFrame,
                            const ProgressCallback& onProgress = {},
                            const CancelToken* cancel = nullptr) override;
  // No object has state beyond its prompts: no other mask changes.
  std::vector<DocumentFrame> removeObject(int) override { return {}; }
  void reset() override {}
  cv::Mat frameRgb(int frame) override;
  std::vector<int> damagedFrames() const override { return {}; }

  // Embeds image `frame` ahead of its first prompt (no-op when it is the current one).
  void prepareImage(int frame);
  // Width and height of the image embedded last (0 before the first).
  std::pair<int, int> currentImageSize() const { return {m_width, m_height}; }

 private:
  void checkInside(double x, double y) const;
  DocumentFrame masksFor(int frame, int objectId, const project::FramePrompts& prompts);

  ImageSession m_session;
  std::vector<std::string> m_files;
  int m_current = -1;  // the image m_session holds
  int m_width = 0;
  int m_height = 0;
};

}  // namespace masklet::tracker
