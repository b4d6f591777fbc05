#pragma once
// A linear layer applied to many rows at once, the bulk of the image encoder and memory
// attention. On the CPU, OpenBLAS is slow for the model's narrow shapes (65,536 rows x 96
// channels in Hiera's first stage); the same product as a 1x1 convolution over a channels-last
// view goes through oneDNN, which is measured 10-35% faster for them, without copies: the
// rows are the pixels, the features the channels. Same weights, same result up to rounding.
#include <torch/torch.h>

namespace masklet::model {

// layer(x) for x [..., in_features].
torch::Tensor denseForward(torch::nn::LinearImpl& layer, const torch::Tensor& x);

}  // namespace masklet::model
