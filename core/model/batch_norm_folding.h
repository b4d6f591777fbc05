#pragma once
// Folding the inference-mode batch norms of a loaded model into their convolutions (timm's
// RepVit.fuse()): every ConvNorm becomes one convolution with a bias, and each RepVggDw token
// mixer one depthwise convolution. Only the forward changes: the registered weights stay as
// loaded (the state dict still matches the checkpoint). Folded weights are computed in float64
// and live on the weights' device at the time of folding, so fold after moving the model.
//
// Measured on the edgetam-mini fixture (RepViT-M1 at 1024 px, one thread): trunk CPU time
// 855 ms -> 679 ms folded and merged (723 ms without merging the token mixers). Folding changes
// the rounding only, but this random-weight trunk amplifies rounding: at stride 16 the folded
// and unfolded outputs differ by up to 2.4e-4 (values up to ~45), where running the unfolded
// trunk on 2 threads instead of 1 already moves them by 9e-5; after the neck one element of
// 16,384 leaves the module bound (|a-b| <= 1e-4 + 1e-4|b|) of the unfolded result. Against
// the recorded reference the worst element uses 0.75 of the bound unfolded and 1.22 folded on
// one thread (0.92 and 0.85 on two). So the exact fp32 path is the unfolded one, and
// Sam2Model::load folds only when asked.
#include <torch/torch.h>

namespace masklet::model {

// Folds every ConvNorm below `root` and, with mergeTokenMixers, merges each RepVggDw's three
// branches into one convolution; returns how many batch norms were folded.
int64_t foldBatchNorms(torch::nn::Module& root, bool mergeTokenMixers = true);

}  // namespace masklet::model
