#pragma once
// sam2_utils.get_1d_sine_pe: the Transformer's sine/cosine encoding of (fractional) positions,
// used for the temporal position of object pointers in the memory bank.
#include <torch/torch.h>

#include <cstdint>

namespace masklet::tracker {

// posInds float [...] -> [..., dim]: the first dim/2 channels sin(pos / t_i), the next dim/2
// cos(pos / t_i), with t_i = temperature^(2*floor(i/2) / (dim/2)).
torch::Tensor get1dSinePe(const torch::Tensor& posInds, int64_t dim, int64_t temperature = 10000);

}  // namespace masklet::tracker
