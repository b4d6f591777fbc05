#include "model/memory_attention.h"

#include "model/float_norm.h"

namespace masklet::model {

MemoryAttentionImpl::MemoryAttentionImpl(const MemoryAttentionOptions& options)
    : m_options(options) {
  TORCH_CHECK(options.dModel > 0 && options.numLayers >= 0,
              "MemoryAttention: d_model must be positive and num_layers non-negative, got ",
              options.dModel, " and ", options.numLayers);
  layers = register_module("layers", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.numLayers; ++i)
    layers->push_back(MemoryAttentionLayer(options.layer));
  norm =
      register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dModel})));
}

torch::Tensor MemoryAttentionImpl::forward(const torch::Tensor& curr, const torch::Tensor& memory,
                                           const torch::Tensor& currPos,
                                           const torch::Tensor& memoryPos, int64_t numObjPtrTokens,
                                           int64_t numSpatialMem) {
  TORCH_CHECK(curr.dim() == 3 && curr.size(2) == m_options.dModel,
              "MemoryAttention: curr must be [L, B, ", m_options.dModel, "], got ", curr.sizes());
  TORCH_CHECK(currPos.defined() && currPos.sizes() == curr.sizes(),
              "MemoryAttention: curr_pos must match curr ", curr.sizes());
  TORCH_CHECK(memory.dim() == 3 && memory.size(1) == curr.size(1),
              "MemoryAttention: memory must be [M, ", curr.size(1),
              ", C] (same batch as curr), got ", memory.sizes());
  TORCH_CHECK(memoryPos.defined() && memoryPos.sizes() == memory.sizes(),
              "MemoryAttention: memory_pos must match memory ", memory.sizes());
  TORCH_CHECK(numObjPtrTokens >= 0 && numObjPtrTokens <= memory.size(0),
              "MemoryAttention: ", numObjPtrTokens, " object-pointer tokens but only ",
              memory.size(0), " memory tokens");
  TORCH_CHECK(!m_options.layer.crossAttention.v2 || numSpatialMem >= 0,
              "MemoryAttention: RoPEAttentionv2 needs the number of spatial memories, got ",
              numSpatialMem);

  auto output = curr;
  if (m_options.posEncAtInput) output = output + 0.1 * currPos;
  auto queryPos = currPos;
  auto mem = memory;
  auto memPos = memoryPos;
  if (m_options.batchFirst) {
    output = output.transpose(0, 1);
    queryPos = queryPos.transpose(0, 1);
    mem = mem.transpose(0, 1);
    memPos = memPos.transpose(0, 1);
  }
  for (const auto& layer : *layers)
    output = layer->as<MemoryAttentionLayer>()->forward(output, mem, memPos, queryPos,
                                                        numObjPtrTokens, numSpatialMem);
  auto normed = normFloat(norm, output);
  if (m_options.batchFirst) normed = normed.transpose(0, 1);
  return normed;
}

}  // namespace masklet::model
