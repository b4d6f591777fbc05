#include "model/two_way_transformer.h"

#include "model/float_norm.h"

namespace masklet::model {

TwoWayTransformerImpl::TwoWayTransformerImpl(const TwoWayTransformerOptions& options)
    : m_options(options) {
  TORCH_CHECK(options.depth >= 1 && options.embeddingDim > 0,
              "TwoWayTransformer: depth and embedding_dim must be positive, got ", options.depth,
              ", ", options.embeddingDim);
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.depth; ++i) {
    TwoWayAttentionBlockOptions block;
    block.embeddingDim = options.embeddingDim;
    block.numHeads = options.numHeads;
    block.mlpDim = options.mlpDim;
    block.activation = options.activation;
    block.attentionDownsampleRate = options.attentionDownsampleRate;
    block.skipFirstLayerPe = i == 0;
    layers->push_back(TwoWayAttentionBlock(block));
  }
  final_attn_token_to_image =
      register_module("final_attn_token_to_image",
                      SamAttention(SamAttentionOptions{options.embeddingDim, options.numHeads,
                                                       options.attentionDownsampleRate, 0}));
  norm_final_attn = register_module(
      "norm_final_attn", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.embeddingDim})));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(
    const torch::Tensor& image_embedding, const torch::Tensor& image_pe,
    const torch::Tensor& point_embedding) {
  const int64_t dim = m_options.embeddingDim;
  TORCH_CHECK(image_embedding.dim() == 4 && image_embedding.size(1) == dim,
              "TwoWayTransformer: expected image embedding [B, ", dim, ", H, W], got ",
              image_embedding.sizes());
  TORCH_CHECK(image_pe.sizes() == image_embedding.sizes(),
              "TwoWayTransformer: image PE must match the image embedding ",
              image_embedding.sizes(), ", got ", image_pe.sizes());
  TORCH_CHECK(point_embedding.dim() == 3 && point_embedding.size(0) == image_embedding.size(0) &&
                  point_embedding.size(2) == dim,
              "TwoWayTransformer: expected point embedding [", image_embedding.size(0), ", N, ",
              dim, "], got ", point_embedding.sizes());

  // B x C x H x W -> B x HW x C
  const auto keysPe = image_pe.flatten(2).permute({0, 2, 1});
  auto keys = image_embedding.flatten(2).permute({0, 2, 1});
  auto queries = point_embedding;
  for (const auto& layer : *layers) {
    std::tie(queries, keys) =
        layer->as<TwoWayAttentionBlock>()->forward(queries, keys, point_embedding, keysPe);
  }
  const auto q = queries + point_embedding;
  const auto k = keys + keysPe;
  queries = normFloat(norm_final_attn, queries + final_attn_token_to_image->forward(q, k, keys));
  return {queries, keys};
}

}  // namespace masklet::model
