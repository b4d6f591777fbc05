#include "tracker/image_session.h"

#include <string>

#include "common/error.h"
#include "model/device.h"
#include "tracker/image_preprocess.h"
#include "tracker/image_prompt_prep.h"

namespace masklet::tracker {
namespace {

namespace F = torch::nn::functional;

// [HW, B, C] -> [B, C, H, W], the reference's permute(1, 2, 0).view(B, -1, H, W).
torch::Tensor seqToImage(const torch::Tensor& x, const FeatSize& size) {
  return x.permute({1, 2, 0}).reshape({x.size(1), -1, size[0], size[1]});
}

}  // namespace

ImageSession::ImageSession(std::shared_ptr<const model::Sam2Model> model,
                           model::Precision precision)
    : m_tracking(std::move(model)), m_precision(precision) {}

void ImageSession::reset() {
  m_imageSet = false;
  m_batch = false;
  m_originalSizes.clear();
  m_imageEmbed = torch::Tensor();
  m_highResFeats.clear();
}

std::pair<int, int> ImageSession::originalSize(int64_t index) const {
  if (index < 0 || index >= imageCount())
    throw Error("image session: image " + std::to_string(index) + " is not set (" +
                std::to_string(imageCount()) + " images)");
  return m_originalSizes[static_cast<size_t>(index)];
}

void ImageSession::setImage(const cv::Mat& rgb) {
  reset();
  const auto input = imagePredictorInput(rgb, model().config().image_size);
  setModelInput(input.unsqueeze(0), {{rgb.rows, rgb.cols}}, false);
}

void ImageSession::setImageBatch(const std::vector<cv::Mat>& rgbImages) {
  reset();
  if (rgbImages.empty()) throw Error("set image batch: give at least one image");
  std::vector<torch::Tensor> inputs;
  std::vector<std::pair<int, int>> sizes;
  for (const auto& rgb : rgbImages) {
    inputs.push_back(imagePredictorInput(rgb, model().config().image_size));
    sizes.emplace_back(rgb.rows, rgb.cols);
  }
  setModelInput(torch::stack(inputs, 0), sizes, true);
}

void ImageSession::setModelInput(const torch::Tensor& input,
                                 const std::vector<std::pair<int, int>>& sizes, bool batch) {
  reset();
  torch::NoGradGuard noGrad;
  const int64_t imageSize = model().config().image_size;
  if (!input.defined() || input.dim() != 4 || input.size(1) != 3 || input.size(2) != imageSize ||
      input.size(3) != imageSize)
    throw Error("set image: the model input must be [B, 3, " + std::to_string(imageSize) + ", " +
                std::to_string(imageSize) + "]");
  if (static_cast<int64_t>(sizes.size()) != input.size(0) || (!batch && sizes.size() != 1))
    throw Error("set image: " + std::to_string(input.size(0)) + " images but " +
                std::to_string(sizes.size()) + " original sizes" +
                (batch ? std::string() : std::string(" (a single image needs exactly one)")));
  for (const auto& [height, width] : sizes)
    if (height <= 0 || width <= 0)
      throw Error("set image: image size " + std::to_string(width) + "x" + std::to_string(height) +
                  " must be positive");

  BackboneFeatures features;
  try {
    model::PrecisionScope scope(m_precision, model().device());
    const auto backboneOut =
        m_tracking.forwardImage(model::toDevice(input, model().device(), torch::kFloat32));
    features = m_tracking.prepareBackboneFeatures(backboneOut);
  } catch (const c10::Error& e) {
    throw Error(std::string("set image: the image encoder failed: ") + e.what_without_backtrace());
  }
  // As trained on videos: an image without memory gets no_mem_embed on its lowest-res level.
  if (model().config().directly_add_no_mem_embed)
    features.vision_feats.back() = features.vision_feats.back() + model().no_mem_embed;
  const size_t levels = features.vision_feats.size();
  for (size_t i = 0; i + 1 < levels; ++i)
    m_highResFeats.push_back(seqToImage(features.vision_feats[i], features.feat_sizes[i]));
  m_imageEmbed = seqToImage(features.vision_feats.back(), features.feat_sizes.back());
  m_originalSizes = sizes;
  m_batch = batch;
  m_imageSet = true;
}

ImagePrediction ImageSession::predict(const ImagePrompt& prompt) const {
  if (!m_imageSet) throw Error("predict: no image is set; call setImage before predicting masks");
  // The reference's img_idx = -1: after set_image_batch, predict prompts the last image.
  return predictOn(imageCount() - 1, prompt);
}

std::vector<ImagePrediction> ImageSession::predictBatch(
    const std::vector<ImagePrompt>& prompts) const {
  if (!m_batch)
    throw Error("predict batch: the session holds no image batch; call setImageBatch first");
  if (static_cast<int64_t>(prompts.size()) != imageCount())
    throw Error("predict batch: " + std::to_string(prompts.size()) + " prompts for " +
                std::to_string(imageCount()) + " images; give one prompt per image");
  std::vector<ImagePrediction> out;
  for (int64_t i = 0; i < imageCount(); ++i) out.push_back(predictOn(i, prompts[size_t(i)]));
  return out;
}

ImagePrediction ImageSession::predictOn(int64_t imageIndex, const ImagePrompt& prompt) const {
  torch::NoGradGuard noGrad;
  const auto& cfg = model().config();
  auto& promptEncoder = *model().sam_prompt_encoder.ptr();
  const auto [height, width] = originalSize(imageIndex);
  const auto prepared = prepareImagePrompt(prompt, {height, width}, cfg.image_size,
                                           promptEncoder.mask_input_size, model().device());
  try {
    model::PrecisionScope scope(m_precision, model().device());
    auto [sparse, dense] = promptEncoder.forward(prepared.points, std::nullopt, prepared.maskInput);
    // Several prompt sets (a batch of boxes) share the one image.
    const bool batchedMode = prepared.points && prepared.points->first.size(0) > 1;
    std::vector<torch::Tensor> highRes;
    for (const auto& level : m_highResFeats) highRes.push_back(level[imageIndex].unsqueeze(0));
    const auto decoded = model().sam_mask_decoder.ptr()->forward(
        m_imageEmbed[imageIndex].unsqueeze(0), promptEncoder.get_dense_pe(), sparse, dense,
        prompt.multimask, batchedMode, highRes);

    const auto lowRes = decoded.masks.to(torch::kFloat32);
    ImagePrediction out;
    out.masks = lowRes.squeeze(0).cpu();
    if (prompt.upscaleMasks)
      out.masks = F::interpolate(lowRes, F::InterpolateFuncOptions()
                                             .size(std::vector<int64_t>{height, width})
                                             .mode(torch::kBilinear)
                                             .align_corners(false))
                      .squeeze(0)
                      .cpu();
    out.ious = decoded.iou_pred.to(torch::kFloat32).squeeze(0).cpu();
    out.lowResLogits = torch::clamp(lowRes, -32.0, 32.0).squeeze(0).cpu();
    return out;
  } catch (const c10::Error& e) {
    throw Error(std::string("predict: the model could not take this prompt: ") +
                e.what_without_backtrace());
  }
}

}  // namespace masklet::tracker
