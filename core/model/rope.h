#pragma once
// Axial rotary position encoding (sam2.modeling.position_encoding: compute_axial_cis,
// reshape_for_broadcast, apply_rotary_enc). The reference multiplies complex numbers; this port
// keeps the unit phasors as a (cos, sin) pair of real tensors and does the same products
// (re = a·c − b·d, im = a·d + b·c), which avoids complex dtypes that LibTorch supports unevenly
// across devices and ops.
#include <torch/torch.h>

#include <utility>

namespace masklet::model {

// The phasors e^{iθ} for every token of an end_x × end_y grid (row-major, x fastest):
// cos and sin, each [end_x·end_y, dim/2]; the first dim/4 columns rotate with x, the rest with y.
struct AxialRopeFreqs {
  torch::Tensor cos;
  torch::Tensor sin;

  int64_t tokens() const { return cos.defined() ? cos.size(0) : 0; }
  AxialRopeFreqs to(const torch::Device& device) const;
};

// compute_axial_cis(dim, end_x, end_y, theta). dim is the per-head feature size (multiple of 4).
AxialRopeFreqs computeAxialCis(int64_t dim, int64_t endX, int64_t endY, double theta = 10000.0);

// reshape_for_broadcast: `table` [L, D/2] viewed as [1, ..., 1, L, D/2] for an x of rank `rank`
// whose last two dims are [L, D/2].
torch::Tensor reshapeForBroadcast(const torch::Tensor& table, int64_t rank);

// apply_rotary_enc: rotates consecutive feature pairs of xq [..., Lq, D] and xk [..., Lk, D]
// by the phasors (computed in float32, cast back to the inputs' dtypes). With repeatFreqsK the
// Lq phasors are tiled Lk/Lq times along the keys (cross-attention to several memory frames of
// the same grid). An xk with no tokens is returned unchanged.
std::pair<torch::Tensor, torch::Tensor> applyRotaryEnc(const torch::Tensor& xq,
                                                       const torch::Tensor& xk,
                                                       const AxialRopeFreqs& freqs,
                                                       bool repeatFreqsK = false);

// apply_rotary_enc_v2 (EdgeTAM): x [B, heads, N, D] holds `repeat` equal blocks of N / repeat
// tokens (one per spatial memory); in each block the last freqs.tokens() tokens are rotated by
// the phasors and any tokens before them (the perceiver's global latents) are left as they are.
// repeat 0 is only valid for an empty x, which is returned unchanged.
torch::Tensor applyRotaryEncV2(const torch::Tensor& x, const AxialRopeFreqs& freqs, int64_t repeat);

}  // namespace masklet::model
