#pragma once
// sam2.modeling.backbones.hieradet.Hiera: the hierarchical ViT trunk of SAM 2's image encoder.
// Stages of MultiScaleBlocks; each later stage pools the queries (q_pool) and multiplies the
// channels and heads; windowed attention except in the global-attention blocks; background
// position embedding interpolated to the grid plus a tiled per-window embedding.
#include <torch/torch.h>

#include <array>
#include <vector>

#include "model/patch_embed.h"

namespace masklet::model {

// Defaults are those of the Python constructor; the official YAMLs override some of them.
struct HieraOptions {
  int64_t embedDim = 96;
  int64_t numHeads = 1;
  int64_t qPool = 3;  // number of stage transitions that pool queries
  std::array<int64_t, 2> qStride{2, 2};
  std::vector<int64_t> stages{2, 3, 16, 3};
  double dimMul = 2.0;
  double headMul = 2.0;
  std::array<int64_t, 2> windowPosEmbedBkgSpatialSize{14, 14};
  std::vector<int64_t> windowSpec{8, 4, 14, 7};
  std::vector<int64_t> globalAttBlocks{12, 16, 20};
  bool returnIntermLayers = true;
};

class HieraImpl : public torch::nn::Module {
 public:
  explicit HieraImpl(const HieraOptions& options);

  // [B, 3, H, W] image -> NCHW features at each stage end, highest resolution first (only the
  // last stage's when returnIntermLayers is false).
  std::vector<torch::Tensor> forward(const torch::Tensor& x);

  // Channels of the returned features, lowest resolution first (the neck's
  // backbone_channel_list).
  const std::vector<int64_t>& channelList() const { return m_channelList; }

  PatchEmbed patch_embed{nullptr};
  torch::Tensor pos_embed;         // [1, C, bkgH, bkgW]
  torch::Tensor pos_embed_window;  // [1, C, window_spec[0], window_spec[0]]
  torch::nn::ModuleList blocks{nullptr};

 private:
  torch::Tensor positionEmbedding(int64_t height, int64_t width) const;

  HieraOptions m_options;
  std::vector<int64_t> m_stageEnds;
  std::vector<int64_t> m_channelList;
};
TORCH_MODULE(Hiera);

}  // namespace masklet::model
