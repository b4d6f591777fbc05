#pragma once
// sam2.modeling.backbones.image_encoder.ImageEncoder: trunk (SAM 2's Hiera, or EdgeTAM's timm
// RepViT) + FPN neck; `scalp` drops the lowest-resolution levels from the output.
#include <torch/torch.h>

#include <vector>

#include "model/fpn_neck.h"
#include "model/hiera.h"
#include "model/timm_backbone.h"

namespace masklet::model {

struct ImageEncoderOptions {
  bool timmTrunk = false;  // true: `timm` (EdgeTAM), false: `trunk` (Hiera)
  HieraOptions trunk;
  TimmBackboneOptions timm;
  FpnNeckOptions neck;
  int64_t scalp = 0;
};

struct ImageEncoderOutput {
  torch::Tensor vision_features;              // backbone_fpn.back()
  std::vector<torch::Tensor> vision_pos_enc;  // per kept level, highest resolution first
  std::vector<torch::Tensor> backbone_fpn;    // per kept level, highest resolution first
};

class ImageEncoderImpl : public torch::nn::Module {
 public:
  explicit ImageEncoderImpl(const ImageEncoderOptions& options);
  // sample: the preprocessed image batch [B, 3, S, S].
  ImageEncoderOutput forward(const torch::Tensor& sample);

  // Registered as "trunk": exactly one of the two is non-null.
  Hiera trunk{nullptr};
  TimmBackbone timm_trunk{nullptr};
  FpnNeck neck{nullptr};

  const std::vector<int64_t>& trunkChannelList() const;

 private:
  int64_t m_scalp;
};
TORCH_MODULE(ImageEncoder);

}  // namespace masklet::model
