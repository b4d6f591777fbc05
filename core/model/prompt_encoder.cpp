#include "model/prompt_encoder.h"

#include <vector>

#include "model/layer_norm2d.h"

namespace masklet::model {

namespace {
constexpr int64_t kNumPointEmbeddings = 4;  // positive/negative point + 2 box corners
}  // namespace

PromptEncoderOptions PromptEncoderOptions::forModel(int64_t hiddenDim, int64_t imageSize,
                                                    int64_t backboneStride) {
  TORCH_CHECK(backboneStride > 0 && imageSize % backboneStride == 0, "PromptEncoder: image size ",
              imageSize, " is not a multiple of the backbone stride ", backboneStride);
  PromptEncoderOptions options;
  options.embedDim = hiddenDim;
  options.imageEmbeddingSize = {imageSize / backboneStride, imageSize / backboneStride};
  options.inputImageSize = {imageSize, imageSize};
  return options;
}

PromptEncoderImpl::PromptEncoderImpl(const PromptEncoderOptions& options)
    : embed_dim(options.embedDim),
      image_embedding_size(options.imageEmbeddingSize),
      input_image_size(options.inputImageSize),
      mask_input_size{4 * options.imageEmbeddingSize[0], 4 * options.imageEmbeddingSize[1]} {
  TORCH_CHECK(embed_dim > 0 && embed_dim % 2 == 0,
              "PromptEncoder: embed_dim must be a positive even number, got ", embed_dim);
  TORCH_CHECK(image_embedding_size[0] > 0 && image_embedding_size[1] > 0 &&
                  input_image_size[0] > 0 && input_image_size[1] > 0,
              "PromptEncoder: image sizes must be positive, got embedding ",
              image_embedding_size[0], "x", image_embedding_size[1], ", input ",
              input_image_size[0], "x", input_image_size[1]);
  TORCH_CHECK(options.maskInChans >= 4 && options.maskInChans % 4 == 0,
              "PromptEncoder: mask_in_chans must be a positive multiple of 4, got ",
              options.maskInChans);

  pe_layer = register_module(
      "pe_layer", PositionEmbeddingRandom(PositionEmbeddingRandomOptions{embed_dim / 2, 1.0}));
  point_embeddings = register_module("point_embeddings", torch::nn::ModuleList());
  for (int64_t i = 0; i < kNumPointEmbeddings; ++i)
    point_embeddings->push_back(torch::nn::Embedding(1, embed_dim));
  not_a_point_embed = register_module("not_a_point_embed", torch::nn::Embedding(1, embed_dim));

  const int64_t chans = options.maskInChans;
  mask_downscaling = register_module(
      "mask_downscaling",
      torch::nn::Sequential(
          torch::nn::Conv2d(torch::nn::Conv2dOptions(1, chans / 4, 2).stride(2)),
          LayerNorm2d(chans / 4), torch::nn::GELU(),
          torch::nn::Conv2d(torch::nn::Conv2dOptions(chans / 4, chans, 2).stride(2)),
          LayerNorm2d(chans), torch::nn::GELU(),
          torch::nn::Conv2d(torch::nn::Conv2dOptions(chans, embed_dim, 1))));
  no_mask_embed = register_module("no_mask_embed", torch::nn::Embedding(1, embed_dim));
}

torch::Tensor PromptEncoderImpl::get_dense_pe() {
  return pe_layer->forward(image_embedding_size).unsqueeze(0);
}

torch::Tensor PromptEncoderImpl::pointEmbeddingWeight(int64_t index) {
  return point_embeddings[index]->as<torch::nn::Embedding>()->weight;
}

torch::Tensor PromptEncoderImpl::embedPoints(const torch::Tensor& coords,
                                             const torch::Tensor& labels, bool pad) {
  auto points = coords + 0.5;  // shift to the pixel centre
  auto pointLabels = labels;
  if (pad) {
    // A "not a point" token stands in for the missing box, as the decoder was trained.
    points = torch::cat({points, torch::zeros({points.size(0), 1, 2}, points.options())}, 1);
    pointLabels =
        torch::cat({pointLabels, torch::full({pointLabels.size(0), 1}, -1, labels.options())}, 1);
  }
  auto embedding = pe_layer->forwardWithCoords(points, input_image_size);
  const auto isLabel = [&](int64_t value) { return (pointLabels == value).unsqueeze(-1); };
  embedding = torch::where(isLabel(-1), torch::zeros_like(embedding) + not_a_point_embed->weight,
                           embedding);
  for (int64_t i = 0; i < kNumPointEmbeddings; ++i)
    embedding = torch::where(isLabel(i), embedding + pointEmbeddingWeight(i), embedding);
  return embedding;
}

torch::Tensor PromptEncoderImpl::embedBoxes(const torch::Tensor& boxes) {
  const auto corners = (boxes + 0.5).reshape({-1, 2, 2});
  auto embedding = pe_layer->forwardWithCoords(corners, input_image_size);
  embedding.select(1, 0).add_(pointEmbeddingWeight(2));
  embedding.select(1, 1).add_(pointEmbeddingWeight(3));
  return embedding;
}

std::pair<torch::Tensor, torch::Tensor> PromptEncoderImpl::forward(
    const std::optional<std::pair<torch::Tensor, torch::Tensor>>& points,
    const std::optional<torch::Tensor>& boxes, const std::optional<torch::Tensor>& masks) {
  int64_t batch = 1;
  if (points) {
    const auto& [coords, labels] = *points;
    TORCH_CHECK(coords.dim() == 3 && coords.size(2) == 2,
                "PromptEncoder: point coords must be [B, N, 2], got ", coords.sizes());
    TORCH_CHECK(
        labels.dim() == 2 && labels.size(0) == coords.size(0) && labels.size(1) == coords.size(1),
        "PromptEncoder: point labels must be [B, N] = [", coords.size(0), ", ", coords.size(1),
        "] to match the coords, got ", labels.sizes());
    batch = coords.size(0);
  } else if (boxes) {
    batch = boxes->size(0);
  } else if (masks) {
    batch = masks->size(0);
  }
  if (boxes) {
    TORCH_CHECK(boxes->dim() >= 1 && boxes->numel() == batch * 4,
                "PromptEncoder: boxes must be [B, 4] with B = ", batch, ", got ", boxes->sizes());
  }
  if (masks) {
    TORCH_CHECK(masks->dim() == 4 && masks->size(1) == 1 && masks->size(2) == mask_input_size[0] &&
                    masks->size(3) == mask_input_size[1],
                "PromptEncoder: mask input must be [B, 1, ", mask_input_size[0], ", ",
                mask_input_size[1], "], got ", masks->sizes());
    TORCH_CHECK(masks->size(0) == batch, "PromptEncoder: mask batch ", masks->size(0),
                " differs from the prompt batch ", batch);
  }

  std::vector<torch::Tensor> sparse;
  sparse.push_back(torch::empty({batch, 0, embed_dim}, not_a_point_embed->weight.options()));
  if (points) sparse.push_back(embedPoints(points->first, points->second, !boxes.has_value()));
  if (boxes) sparse.push_back(embedBoxes(*boxes));
  auto sparseEmbeddings = torch::cat(sparse, 1);

  torch::Tensor denseEmbeddings;
  if (masks) {
    denseEmbeddings = mask_downscaling->forward(*masks);
  } else {
    denseEmbeddings = no_mask_embed->weight.reshape({1, -1, 1, 1})
                          .expand({batch, -1, image_embedding_size[0], image_embedding_size[1]});
  }
  return {sparseEmbeddings, denseEmbeddings};
}

}  // namespace masklet::model
