#pragma once
// sam2.modeling.sam.transformer.RoPEAttentionv2 (EdgeTAM): the memory cross-attention with two
// fixed RoPE grids, one for the queries (the image features, q_sizes) and one for the keys of
// each spatial memory (the perceiver's 2-D latents, k_sizes), repeated once per memory. In
// each memory the tokens before its grid (the global latents) and the trailing
// num_k_exclude_rope tokens (object pointers) are not rotated.
#include <torch/torch.h>

#include "model/rope.h"
#include "model/rope_attention.h"

namespace masklet::model {

class RoPEAttentionV2Impl : public torch::nn::Module {
 public:
  // Reads embeddingDim, numHeads, downsampleRate, dropout, kvInDim, ropeTheta, qSizes, kSizes.
  explicit RoPEAttentionV2Impl(const RoPEAttentionOptions& options);

  // q [B, Lq, embeddingDim] with Lq = q_sizes w·h; k/v [B, Lk, kvInDim] whose first
  // Lk - numKExcludeRope tokens are numSpatialMem memories of equal length, each ending with
  // a k_sizes grid. -> [B, Lq, embeddingDim].
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t numKExcludeRope, int64_t numSpatialMem);

  torch::nn::Linear q_proj{nullptr};
  torch::nn::Linear k_proj{nullptr};
  torch::nn::Linear v_proj{nullptr};
  torch::nn::Linear out_proj{nullptr};

 private:
  torch::Tensor separateHeads(const torch::Tensor& x) const;

  RoPEAttentionOptions m_options;
  int64_t m_internalDim = 0;
  AxialRopeFreqs m_freqsQ;  // fixed grids, not state-dict entries
  AxialRopeFreqs m_freqsK;
};
TORCH_MODULE(RoPEAttentionV2);

}  // namespace masklet::model
