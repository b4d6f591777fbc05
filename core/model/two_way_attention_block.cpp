#include "model/two_way_attention_block.h"

#include "model/float_norm.h"

namespace masklet::model {

namespace {
torch::nn::LayerNorm layerNorm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
}
}  // namespace

TwoWayAttentionBlockImpl::TwoWayAttentionBlockImpl(const TwoWayAttentionBlockOptions& options)
    : m_skipFirstLayerPe(options.skipFirstLayerPe) {
  const int64_t dim = options.embeddingDim;
  TORCH_CHECK(dim > 0, "TwoWayAttentionBlock: embedding_dim must be positive, got ", dim);
  const SamAttentionOptions crossOptions{dim, options.numHeads, options.attentionDownsampleRate, 0};
  self_attn =
      register_module("self_attn", SamAttention(SamAttentionOptions{dim, options.numHeads, 1, 0}));
  norm1 = register_module("norm1", layerNorm(dim));
  cross_attn_token_to_image =
      register_module("cross_attn_token_to_image", SamAttention(crossOptions));
  norm2 = register_module("norm2", layerNorm(dim));
  MLPOptions mlpOptions;
  mlpOptions.inputDim = dim;
  mlpOptions.hiddenDim = options.mlpDim;
  mlpOptions.outputDim = dim;
  mlpOptions.numLayers = 2;
  mlpOptions.activation = options.activation;
  mlp = register_module("mlp", MLP(mlpOptions));
  norm3 = register_module("norm3", layerNorm(dim));
  norm4 = register_module("norm4", layerNorm(dim));
  cross_attn_image_to_token =
      register_module("cross_attn_image_to_token", SamAttention(crossOptions));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayAttentionBlockImpl::forward(
    const torch::Tensor& queriesIn, const torch::Tensor& keysIn, const torch::Tensor& query_pe,
    const torch::Tensor& key_pe) {
  TORCH_CHECK(query_pe.sizes() == queriesIn.sizes() && key_pe.sizes() == keysIn.sizes(),
              "TwoWayAttentionBlock: positional encodings must match their inputs: queries ",
              queriesIn.sizes(), " vs ", query_pe.sizes(), ", keys ", keysIn.sizes(), " vs ",
              key_pe.sizes());
  torch::Tensor queries;
  if (m_skipFirstLayerPe) {
    queries = self_attn->forward(queriesIn, queriesIn, queriesIn);
  } else {
    const auto q = queriesIn + query_pe;
    queries = queriesIn + self_attn->forward(q, q, queriesIn);
  }
  queries = normFloat(norm1, queries);

  auto q = queries + query_pe;
  auto k = keysIn + key_pe;
  queries = normFloat(norm2, queries + cross_attn_token_to_image->forward(q, k, keysIn));

  queries = normFloat(norm3, queries + mlp->forward(queries));

  q = queries + query_pe;
  k = keysIn + key_pe;
  const auto keys = normFloat(norm4, keysIn + cross_attn_image_to_token->forward(k, q, queries));
  return {queries, keys};
}

}  // namespace masklet::model
