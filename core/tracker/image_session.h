#pragma once
// The image predictor (port of sam2/sam2_image_predictor.py, SAM2ImagePredictor): embed an
// image once (setImage) or a batch of images (setImageBatch), then prompt it any number of
// times with points, a box, a batch of boxes or a previous mask (predict / predictBatch). No
// memory, no video. Feature-map sizes come from the model's backbone, not the reference's
// hard-coded 1024-input sizes, so any model geometry works.
//
// Thread-safety: not thread-safe. The thread that owns the model owns the session (the model's
// forward passes are not re-entrant). Every method runs without autograd. A refused call
// (masklet::Error) leaves the session as it was, except setImage / setImageBatch, which reset
// first like the reference.
#include <torch/torch.h>

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "model/precision.h"
#include "model/sam2_model.h"
#include "tracker/image_prompt.h"
#include "tracker/sam2_tracking.h"

namespace masklet::tracker {

class ImageSession {
 public:
  // Throws masklet::Error when `model` is null or in training mode. Every model call runs in
  // `precision` (model/precision.h); results are float32 either way.
  explicit ImageSession(std::shared_ptr<const model::Sam2Model> model,
                        model::Precision precision = model::Precision::Fp32);

  const model::Sam2Model& model() const { return m_tracking.model(); }
  model::Precision precision() const { return m_precision; }

  // set_image: rgb is CV_8UC3 R, G, B, any size. Replaces any image or batch set before.
  void setImage(const cv::Mat& rgb);
  // set_image_batch: several images (any sizes) embedded together, for predictBatch.
  void setImageBatch(const std::vector<cv::Mat>& rgbImages);
  // Either of the above from already preprocessed model inputs [B, 3, S, S] and the images'
  // original (height, width): for callers that preprocess themselves (and for tests).
  void setModelInput(const torch::Tensor& input, const std::vector<std::pair<int, int>>& sizes,
                     bool batch);

  // predict. Refused (masklet::Error) before an image is set, for point coords without labels
  // (or the reverse), and for prompts of inconsistent shapes. After setImageBatch it prompts
  // the batch's last image, as the reference does.
  ImagePrediction predict(const ImagePrompt& prompt) const;
  // predict_batch: one prompt per image of setImageBatch, in order. Refused unless the session
  // holds a batch, and when the number of prompts differs from the number of images.
  std::vector<ImagePrediction> predictBatch(const std::vector<ImagePrompt>& prompts) const;

  // reset_predictor: forget the image(s).
  void reset();

  bool isImageSet() const { return m_imageSet; }
  bool isBatch() const { return m_batch; }
  int64_t imageCount() const { return static_cast<int64_t>(m_originalSizes.size()); }
  // (height, width) of image `index` as given to setImage / setImageBatch.
  std::pair<int, int> originalSize(int64_t index) const;
  // The lowest-resolution features the decoder reads, no_mem_embed added: [B, C, H, W].
  // Undefined before an image is set.
  const torch::Tensor& imageEmbedding() const { return m_imageEmbed; }

 private:
  ImagePrediction predictOn(int64_t imageIndex, const ImagePrompt& prompt) const;

  Sam2Tracking m_tracking;
  model::Precision m_precision = model::Precision::Fp32;
  bool m_imageSet = false;
  bool m_batch = false;
  std::vector<std::pair<int, int>> m_originalSizes;
  torch::Tensor m_imageEmbed;                 // [B, C, H, W]
  std::vector<torch::Tensor> m_highResFeats;  // per level [B, C', H', W'], finest first
};

}  // namespace masklet::tracker
