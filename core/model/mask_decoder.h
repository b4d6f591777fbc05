#pragma once
// sam2.modeling.sam.mask_decoder.MaskDecoder: runs the two-way transformer over image and prompt
// tokens, upscales the image tokens (optionally adding the backbone's high-res features) and
// predicts masks with per-token hypernetwork MLPs, plus IoU and object-score heads.
#include <torch/torch.h>

#include <vector>

#include "model/layer_norm2d.h"
#include "model/mlp.h"
#include "model/two_way_transformer.h"

namespace masklet::model {

// Defaults are the constants and Python defaults SAM2Base._build_sam_heads relies on;
// transformerDim and the flags come from the model config.
struct MaskDecoderOptions {
  int64_t transformerDim = 0;
  TwoWayTransformerOptions transformer;  // its embeddingDim 0 means transformerDim
  int64_t numMultimaskOutputs = 3;
  int64_t iouHeadDepth = 3;
  int64_t iouHeadHiddenDim = 256;
  bool useHighResFeatures = false;
  bool iouPredictionUseSigmoid = false;
  bool dynamicMultimaskViaStability = false;
  double dynamicMultimaskStabilityDelta = 0.05;
  double dynamicMultimaskStabilityThresh = 0.98;
  bool predObjScores = false;
  bool predObjScoresMlp = false;
  bool useMultimaskTokenForObjPtr = false;
};

// The four outputs in the order of the Python forward's return.
struct MaskDecoderOutput {
  torch::Tensor masks;                // [B, 1 or numMultimaskOutputs, 4H, 4W] logits
  torch::Tensor iou_pred;             // [B, 1 or numMultimaskOutputs]
  torch::Tensor sam_tokens_out;       // [B, 1 or numMultimaskOutputs, C]
  torch::Tensor object_score_logits;  // [B, 1]
};

class MaskDecoderImpl : public torch::nn::Module {
 public:
  explicit MaskDecoderImpl(const MaskDecoderOptions& options);

  // image_embeddings [Bi, C, H, W]; image_pe [1, C, H, W]; sparse [B, N, C]; dense
  // [B, C, H, W]; repeat_image repeats each image for the B prompt sets (else Bi == B);
  // high_res_features {s0 [B, C/8, 4H, 4W], s1 [B, C/4, 2H, 2W]} when useHighResFeatures.
  // Dynamic multimask selection applies in eval mode only, as in the reference.
  MaskDecoderOutput forward(const torch::Tensor& image_embeddings, const torch::Tensor& image_pe,
                            const torch::Tensor& sparse_prompt_embeddings,
                            const torch::Tensor& dense_prompt_embeddings, bool multimask_output,
                            bool repeat_image,
                            const std::vector<torch::Tensor>& high_res_features = {});

  // Fraction of pixels above +delta among those above -delta, per mask: [..., H, W] -> [...].
  torch::Tensor getStabilityScores(const torch::Tensor& mask_logits) const;

  int64_t transformer_dim = 0;
  int64_t num_mask_tokens = 0;

  TwoWayTransformer transformer{nullptr};
  torch::nn::Embedding iou_token{nullptr};
  torch::nn::Embedding mask_tokens{nullptr};
  torch::nn::Embedding obj_score_token{nullptr};  // only with predObjScores
  torch::nn::Sequential output_upscaling{nullptr};
  torch::nn::Conv2d conv_s0{nullptr};  // only with useHighResFeatures
  torch::nn::Conv2d conv_s1{nullptr};  // only with useHighResFeatures
  torch::nn::ModuleList output_hypernetworks_mlps{nullptr};
  MLP iou_prediction_head{nullptr};

 private:
  struct Predictions {
    torch::Tensor masks, iouPred, maskTokensOut, objectScoreLogits;
  };
  Predictions predictMasks(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe,
                           const torch::Tensor& sparse, const torch::Tensor& dense,
                           bool repeatImage, const std::vector<torch::Tensor>& highRes);
  std::pair<torch::Tensor, torch::Tensor> dynamicMultimaskViaStability(
      const torch::Tensor& allMaskLogits, const torch::Tensor& allIouScores) const;

  MaskDecoderOptions m_options;
  // The pieces of output_upscaling, needed one by one when adding high-res features.
  torch::nn::ConvTranspose2d m_upscale1{nullptr};
  LayerNorm2d m_upscaleNorm{nullptr};
  torch::nn::ConvTranspose2d m_upscale2{nullptr};
  // pred_obj_score_head is a Linear or, with predObjScoresMlp, an MLP.
  torch::nn::Linear m_objScoreLinear{nullptr};
  MLP m_objScoreMlp{nullptr};
};
TORCH_MODULE(MaskDecoder);

}  // namespace masklet::model
