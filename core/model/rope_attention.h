#pragma once
// sam2.modeling.sam.transformer.RoPEAttention: multi-head attention with q/k/v/out projections
// (the official names q_proj, k_proj, v_proj, out_proj) and axial rotary position encoding of
// queries and keys. Used by memory attention for self-attention over the current frame and
// cross-attention to the memory bank.
//
// Not thread-safe: the phasor table is recomputed in forward when the token count changes
// (as the reference does). A model is only ever used by its one worker thread.
#include <torch/torch.h>

#include <array>

#include "model/rope.h"

namespace masklet::model {

struct RoPEAttentionOptions {
  int64_t embeddingDim = 0;
  int64_t numHeads = 1;
  int64_t downsampleRate = 1;
  // Attention dropout, a training-only feature: forward refuses training mode when it is > 0.
  double dropout = 0.0;
  int64_t kvInDim = 0;  // 0: same as embeddingDim
  double ropeTheta = 10000.0;
  // Tile the query phasors over the keys (cross-attention to several memory frames).
  bool ropeKRepeat = false;
  std::array<int64_t, 2> featSizes{64, 64};  // [w, h] of the grid the initial table covers
  // RoPEAttentionv2 only (EdgeTAM's cross-attention): [w, h] of the query grid and of one
  // memory's key grid.
  bool v2 = false;
  std::array<int64_t, 2> qSizes{32, 32};
  std::array<int64_t, 2> kSizes{32, 32};
};

class RoPEAttentionImpl : public torch::nn::Module {
 public:
  explicit RoPEAttentionImpl(const RoPEAttentionOptions& options);

  // q [B, Lq, embeddingDim], k/v [B, Lk, kvInDim] -> [B, Lq, embeddingDim]. The last
  // numKExcludeRope keys (object pointers) are not rotated.
  torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                        int64_t numKExcludeRope = 0);

  torch::nn::Linear q_proj{nullptr};
  torch::nn::Linear k_proj{nullptr};
  torch::nn::Linear v_proj{nullptr};
  torch::nn::Linear out_proj{nullptr};

  const RoPEAttentionOptions& options() const { return m_options; }

 private:
  torch::Tensor separateHeads(const torch::Tensor& x) const;
  torch::Tensor recombineHeads(const torch::Tensor& x) const;
  // softmax(q kᵀ) v_proj(v) per head, [B, heads, Lq, internal/heads].
  torch::Tensor attendValues(const torch::Tensor& qh, const torch::Tensor& kh,
                             const torch::Tensor& v);
  // The phasors for lq query tokens on `device`; recomputed for a square grid when lq changes.
  const AxialRopeFreqs& freqsFor(int64_t lq, const torch::Device& device);

  RoPEAttentionOptions m_options;
  int64_t m_internalDim = 0;
  AxialRopeFreqs m_freqs;  // not a state-dict entry: deliberately not a registered buffer
};
TORCH_MODULE(RoPEAttention);

}  // namespace masklet::model
