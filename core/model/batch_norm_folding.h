#pragma once
// Folding the inference-mode batch norms of a loaded model into their convolutions (timm's
// RepVit.fuse()): every ConvNorm becomes one convolution with a bias, and each RepVggDw token
// mixer one depthwise convolution. Only the forward changes: the registered weights stay as
// loaded (the state dict still matches the checkpoint). Folded weights are computed in float64
// and live on the weights' device at the time of folding, so fold after moving the model.
#include <torch/torch.h>

namespace masklet::model {

// Folds every ConvNorm and RepVggDw below `root`; returns how many batch norms were folded.
int64_t foldBatchNorms(torch::nn::Module& root);

}  // namespace masklet::model
