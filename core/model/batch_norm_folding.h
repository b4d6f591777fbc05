#pragma once
// Folding the inference-mode batch norms of a loaded model into their convolutions (timm's
// RepVit.fuse()): a ConvNorm becomes one convolution with a bias, and a RepVggDw token mixer
// one depthwise convolution. Only the forward changes: the registered weights stay as loaded
// (the state dict still matches the checkpoint). Folded weights are computed in float64 and
// live on the weights' device at the time of folding, so fold after moving the model.
//
// Folding changes the rounding only, but a random-weight RepViT amplifies rounding (on the
// edgetam-mini fixture the thread count alone moves its stride-16 features by 9e-5). Measured
// there against the recorded reference, the worst frame-0 vision_features element uses this
// share of the fp32 module bound (|a-b| <= 1e-4 + 1e-4|b|), on one thread / two threads:
//   nothing folded 0.75 / 0.92; token mixers (BoundSafe) 0.77 / 0.77; All 1.22 / 0.85.
// Folded alone on one thread: the stem 0.97, the blocks' channel mixers 0.93; the token mixers
// and downsample blocks together 0.71, but then one element of 16,384 of the second recorded
// frame leaves the bound. So BoundSafe merges only the token mixers (RepViT's own
// re-parametrisation: 3x3 + 1x1 depthwise + identity into one 3x3), which keeps every recorded
// call inside the bound on one and two threads: the load default.
#include <torch/torch.h>

namespace masklet::model {

enum class BatchNormFolding {
  None,       // the plain formula: convolution, then batch norm
  BoundSafe,  // the token mixers merged into one depthwise convolution each; the rest exact
  All,        // every ConvNorm folded and every token mixer merged (past the bound above)
};

// Folds the ConvNorms below `root` that `folding` selects (by module path) and merges the
// selected RepVggDw token mixers into one convolution; returns how many batch norms folded.
int64_t foldBatchNorms(torch::nn::Module& root, BatchNormFolding folding = BatchNormFolding::All);

// "none", "bound-safe", "all"; parse throws masklet::Error naming the accepted values.
const char* toString(BatchNormFolding folding);
BatchNormFolding parseBatchNormFolding(const std::string& text);

}  // namespace masklet::model
