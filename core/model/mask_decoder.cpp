#include "model/mask_decoder.h"

namespace masklet::model {

using torch::indexing::None;
using torch::indexing::Slice;

namespace {
MLP makeMlp(int64_t in, int64_t hidden, int64_t out, int64_t layers, bool sigmoid = false) {
  MLPOptions options;
  options.inputDim = in;
  options.hiddenDim = hidden;
  options.outputDim = out;
  options.numLayers = layers;
  options.sigmoidOutput = sigmoid;
  return MLP(options);
}
}  // namespace

MaskDecoderImpl::MaskDecoderImpl(const MaskDecoderOptions& options)
    : transformer_dim(options.transformerDim),
      num_mask_tokens(options.numMultimaskOutputs + 1),
      m_options(options) {
  const int64_t dim = transformer_dim;
  TORCH_CHECK(dim > 0 && dim % 8 == 0,
              "MaskDecoder: transformer_dim must be a positive multiple of 8, got ", dim);
  TORCH_CHECK(options.numMultimaskOutputs >= 1,
              "MaskDecoder: num_multimask_outputs must be >= 1, got ", options.numMultimaskOutputs);
  auto transformerOptions = options.transformer;
  if (transformerOptions.embeddingDim == 0) transformerOptions.embeddingDim = dim;
  TORCH_CHECK(transformerOptions.embeddingDim == dim, "MaskDecoder: transformer embedding_dim ",
              transformerOptions.embeddingDim, " differs from transformer_dim ", dim);
  transformer = register_module("transformer", TwoWayTransformer(transformerOptions));

  iou_token = register_module("iou_token", torch::nn::Embedding(1, dim));
  mask_tokens = register_module("mask_tokens", torch::nn::Embedding(num_mask_tokens, dim));
  if (options.predObjScores)
    obj_score_token = register_module("obj_score_token", torch::nn::Embedding(1, dim));

  m_upscale1 =
      torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(dim, dim / 4, 2).stride(2));
  m_upscaleNorm = LayerNorm2d(dim / 4);
  m_upscale2 =
      torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(dim / 4, dim / 8, 2).stride(2));
  output_upscaling = register_module(
      "output_upscaling", torch::nn::Sequential(m_upscale1, m_upscaleNorm, torch::nn::GELU(),
                                                m_upscale2, torch::nn::GELU()));
  if (options.useHighResFeatures) {
    conv_s0 =
        register_module("conv_s0", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim / 8, 1)));
    conv_s1 =
        register_module("conv_s1", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim / 4, 1)));
  }

  output_hypernetworks_mlps = register_module("output_hypernetworks_mlps", torch::nn::ModuleList());
  for (int64_t i = 0; i < num_mask_tokens; ++i)
    output_hypernetworks_mlps->push_back(makeMlp(dim, dim, dim / 8, 3));
  iou_prediction_head = register_module(
      "iou_prediction_head", makeMlp(dim, options.iouHeadHiddenDim, num_mask_tokens,
                                     options.iouHeadDepth, options.iouPredictionUseSigmoid));
  if (options.predObjScores) {
    if (options.predObjScoresMlp)
      m_objScoreMlp = register_module("pred_obj_score_head", makeMlp(dim, dim, 1, 3));
    else
      m_objScoreLinear = register_module("pred_obj_score_head", torch::nn::Linear(dim, 1));
  }
}

MaskDecoderOutput MaskDecoderImpl::forward(const torch::Tensor& image_embeddings,
                                           const torch::Tensor& image_pe,
                                           const torch::Tensor& sparse_prompt_embeddings,
                                           const torch::Tensor& dense_prompt_embeddings,
                                           bool multimask_output, bool repeat_image,
                                           const std::vector<torch::Tensor>& high_res_features) {
  auto p = predictMasks(image_embeddings, image_pe, sparse_prompt_embeddings,
                        dense_prompt_embeddings, repeat_image, high_res_features);

  MaskDecoderOutput out;
  if (multimask_output) {
    out.masks = p.masks.index({Slice(), Slice(1, None)});
    out.iou_pred = p.iouPred.index({Slice(), Slice(1, None)});
  } else if (m_options.dynamicMultimaskViaStability && !is_training()) {
    std::tie(out.masks, out.iou_pred) = dynamicMultimaskViaStability(p.masks, p.iouPred);
  } else {
    out.masks = p.masks.index({Slice(), Slice(0, 1)});
    out.iou_pred = p.iouPred.index({Slice(), Slice(0, 1)});
  }
  // Unless asked for the multimask tokens, the single-mask token is the object's memory token
  // (it is what tracking saw during training).
  if (multimask_output && m_options.useMultimaskTokenForObjPtr)
    out.sam_tokens_out = p.maskTokensOut.index({Slice(), Slice(1, None)});
  else
    out.sam_tokens_out = p.maskTokensOut.index({Slice(), Slice(0, 1)});
  out.object_score_logits = p.objectScoreLogits;
  return out;
}

MaskDecoderImpl::Predictions MaskDecoderImpl::predictMasks(
    const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe, const torch::Tensor& sparse,
    const torch::Tensor& dense, bool repeatImage, const std::vector<torch::Tensor>& highRes) {
  const int64_t dim = transformer_dim;
  TORCH_CHECK(imageEmbeddings.dim() == 4 && imageEmbeddings.size(1) == dim,
              "MaskDecoder: expected image embeddings [B, ", dim, ", H, W], got ",
              imageEmbeddings.sizes());
  const int64_t h = imageEmbeddings.size(2);
  const int64_t w = imageEmbeddings.size(3);
  TORCH_CHECK(imagePe.dim() == 4 && imagePe.size(0) == 1 && imagePe.size(1) == dim &&
                  imagePe.size(2) == h && imagePe.size(3) == w,
              "MaskDecoder: expected image PE [1, ", dim, ", ", h, ", ", w,
              "] (from get_dense_pe), got ", imagePe.sizes());
  TORCH_CHECK(sparse.dim() == 3 && sparse.size(2) == dim,
              "MaskDecoder: expected sparse prompt embeddings [B, N, ", dim, "], got ",
              sparse.sizes());
  const int64_t batch = sparse.size(0);
  TORCH_CHECK(dense.dim() == 4 && dense.size(0) == batch && dense.size(1) == dim &&
                  dense.size(2) == h && dense.size(3) == w,
              "MaskDecoder: expected dense prompt embeddings [", batch, ", ", dim, ", ", h, ", ", w,
              "], got ", dense.sizes());
  TORCH_CHECK(repeatImage ? imageEmbeddings.size(0) == 1 : imageEmbeddings.size(0) == batch,
              "MaskDecoder: image embeddings batch ", imageEmbeddings.size(0),
              (repeatImage ? " must be 1 to repeat the image for " : " differs from "), batch,
              " prompt sets");

  std::vector<torch::Tensor> tokenList;
  if (m_options.predObjScores) tokenList.push_back(obj_score_token->weight);
  tokenList.push_back(iou_token->weight);
  tokenList.push_back(mask_tokens->weight);
  const int64_t s = m_options.predObjScores ? 1 : 0;
  const auto outputTokens = torch::cat(tokenList, 0).unsqueeze(0).expand({batch, -1, -1});
  const auto tokens = torch::cat({outputTokens, sparse}, 1);

  // The reference's repeat_interleave of one image for a batch of prompts, as broadcasting: the
  // same sums without copying the image (and its position encoding) once per prompt first.
  auto src =
      repeatImage && imageEmbeddings.size(0) == 1
          ? imageEmbeddings.expand({batch, -1, -1, -1}) + dense
          : (repeatImage ? torch::repeat_interleave(imageEmbeddings, batch, 0) : imageEmbeddings) +
                dense;
  const auto posSrc = imagePe.size(0) == 1 ? imagePe.expand({batch, -1, -1, -1})
                                           : torch::repeat_interleave(imagePe, batch, 0);

  auto [hs, imageTokens] = transformer->forward(src, posSrc, tokens);
  const auto iouTokenOut = hs.select(1, s);
  const auto maskTokensOut = hs.index({Slice(), Slice(s + 1, s + 1 + num_mask_tokens)});

  src = imageTokens.transpose(1, 2).reshape({batch, dim, h, w});
  torch::Tensor upscaled;
  if (!m_options.useHighResFeatures) {
    upscaled = output_upscaling->forward(src);
  } else {
    TORCH_CHECK(highRes.size() == 2, "MaskDecoder: expected 2 high-res feature maps, got ",
                highRes.size());
    const auto& featS0 = highRes[0];
    const auto& featS1 = highRes[1];
    TORCH_CHECK(featS1.dim() == 4 && (featS1.size(0) == batch || featS1.size(0) == 1) &&
                    featS1.size(1) == dim / 4 && featS1.size(2) == 2 * h && featS1.size(3) == 2 * w,
                "MaskDecoder: expected high-res feature 1 [", batch, ", ", dim / 4, ", ", 2 * h,
                ", ", 2 * w, "], got ", featS1.sizes());
    TORCH_CHECK(featS0.dim() == 4 && (featS0.size(0) == batch || featS0.size(0) == 1) &&
                    featS0.size(1) == dim / 8 && featS0.size(2) == 4 * h && featS0.size(3) == 4 * w,
                "MaskDecoder: expected high-res feature 0 [", batch, ", ", dim / 8, ", ", 4 * h,
                ", ", 4 * w, "], got ", featS0.sizes());
    upscaled = torch::gelu(m_upscaleNorm->forward(m_upscale1->forward(src) + featS1));
    upscaled = torch::gelu(m_upscale2->forward(upscaled) + featS0);
  }

  std::vector<torch::Tensor> hyperIn;
  for (int64_t i = 0; i < num_mask_tokens; ++i)
    hyperIn.push_back(output_hypernetworks_mlps[i]->as<MLP>()->forward(maskTokensOut.select(1, i)));
  const auto hyper = torch::stack(hyperIn, 1);
  const int64_t uc = upscaled.size(1);
  const int64_t uh = upscaled.size(2);
  const int64_t uw = upscaled.size(3);
  const auto masks =
      torch::matmul(hyper, upscaled.reshape({batch, uc, uh * uw})).reshape({batch, -1, uh, uw});

  const auto iouPred = iou_prediction_head->forward(iouTokenOut);
  torch::Tensor objectScoreLogits;
  if (m_options.predObjScores) {
    const auto objToken = hs.select(1, 0);
    objectScoreLogits = m_options.predObjScoresMlp ? m_objScoreMlp->forward(objToken)
                                                   : m_objScoreLinear->forward(objToken);
  } else {
    // Without an object-score head the object is taken as present: sigmoid(10) ~ 1.
    objectScoreLogits = 10.0 * torch::ones({iouPred.size(0), 1}, iouPred.options());
  }
  return {masks, iouPred, maskTokensOut, objectScoreLogits};
}

torch::Tensor MaskDecoderImpl::getStabilityScores(const torch::Tensor& mask_logits) const {
  const auto flat = mask_logits.flatten(-2);
  const double delta = m_options.dynamicMultimaskStabilityDelta;
  const auto areaI = (flat > delta).sum(-1).to(torch::kFloat32);
  const auto areaU = (flat > -delta).sum(-1).to(torch::kFloat32);
  return torch::where(areaU > 0, areaI / areaU, torch::ones_like(areaI));
}

std::pair<torch::Tensor, torch::Tensor> MaskDecoderImpl::dynamicMultimaskViaStability(
    const torch::Tensor& allMaskLogits, const torch::Tensor& allIouScores) const {
  // The best of the multimask tokens (1..n) by predicted IoU ...
  const auto multimaskLogits = allMaskLogits.index({Slice(), Slice(1, None)});
  const auto multimaskIou = allIouScores.index({Slice(), Slice(1, None)});
  const auto bestIndices = torch::argmax(multimaskIou, -1);
  const auto batchIndices =
      torch::arange(multimaskIou.size(0), torch::dtype(torch::kLong).device(allIouScores.device()));
  const auto bestLogits = multimaskLogits.index({batchIndices, bestIndices}).unsqueeze(1);
  const auto bestIou = multimaskIou.index({batchIndices, bestIndices}).unsqueeze(1);

  // ... replaces the single-mask token's output when that one is unstable.
  const auto singleLogits = allMaskLogits.index({Slice(), Slice(0, 1)});
  const auto singleIou = allIouScores.index({Slice(), Slice(0, 1)});
  const auto isStable =
      getStabilityScores(singleLogits) >= m_options.dynamicMultimaskStabilityThresh;
  const auto logits = torch::where(isStable.unsqueeze(-1).unsqueeze(-1).expand_as(singleLogits),
                                   singleLogits, bestLogits);
  const auto iou = torch::where(isStable.expand_as(singleIou), singleIou, bestIou);
  return {logits, iou};
}

}  // namespace masklet::model
