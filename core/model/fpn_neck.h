#pragma once
// sam2.modeling.backbones.image_encoder.FpnNeck: 1x1 lateral convs to d_model per trunk level,
// top-down fusion (upsample x2 + sum/avg) only into the levels in fpn_top_down_levels, and a
// sine position encoding of each output level.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/position_encoding.h"

namespace masklet::model {

struct FpnNeckOptions {
  PositionEmbeddingSineOptions positionEncoding;
  int64_t dModel = 256;
  std::vector<int64_t> backboneChannelList;  // lowest resolution first (Hiera's channelList)
  int64_t kernelSize = 1;
  int64_t stride = 1;
  int64_t padding = 0;
  std::string fpnInterpModel = "bilinear";               // "nearest", "bilinear" or "bicubic"
  std::string fuseType = "sum";                          // "sum" or "avg"
  std::optional<std::vector<int64_t>> fpnTopDownLevels;  // default: every level
};

struct FpnNeckOutput {
  std::vector<torch::Tensor> features;  // per level, highest resolution first, [B, dModel, H, W]
  std::vector<torch::Tensor> pos;       // their position encodings, same shapes
};

class FpnNeckImpl : public torch::nn::Module {
 public:
  explicit FpnNeckImpl(const FpnNeckOptions& options);
  // xs: the trunk's features, highest resolution first.
  FpnNeckOutput forward(const std::vector<torch::Tensor>& xs);

  const std::vector<int64_t>& backboneChannelList() const { return m_options.backboneChannelList; }

  PositionEmbeddingSine position_encoding{nullptr};
  torch::nn::ModuleList convs{nullptr};  // convs.<i>.conv, i = 0 for the lowest resolution

 private:
  torch::Tensor upsample(const torch::Tensor& x) const;

  FpnNeckOptions m_options;
  std::vector<int64_t> m_topDownLevels;
};
TORCH_MODULE(FpnNeck);

}  // namespace masklet::model
