#include "model/image_encoder.h"

#include "common/error.h"
#include "common/list_text.h"
#include "common/phase_profile.h"

namespace masklet::model {

ImageEncoderImpl::ImageEncoderImpl(const ImageEncoderOptions& options) : m_scalp(options.scalp) {
  if (options.timmTrunk)
    timm_trunk = register_module("trunk", TimmBackbone(options.timm));
  else
    trunk = register_module("trunk", Hiera(options.trunk));
  neck = register_module("neck", FpnNeck(options.neck));
  if (trunkChannelList() != neck->backboneChannelList())
    throw Error("image encoder: the trunk's channels " + listText(trunkChannelList()) +
                " do not match the neck's backbone_channel_list " +
                listText(neck->backboneChannelList()));
  const auto levels = static_cast<int64_t>(trunkChannelList().size());
  if (m_scalp < 0 || m_scalp >= levels)
    throw Error("image encoder: scalp " + std::to_string(m_scalp) + " must be within [0, " +
                std::to_string(levels - 1) + "] for " + std::to_string(levels) + " levels");
}

const std::vector<int64_t>& ImageEncoderImpl::trunkChannelList() const {
  return timm_trunk ? timm_trunk->channelList() : trunk->channelList();
}

ImageEncoderOutput ImageEncoderImpl::forward(const torch::Tensor& sample) {
  std::vector<torch::Tensor> levels;
  {
    common::PhaseScope phase("image_encoder.trunk");
    levels = timm_trunk ? timm_trunk->forward(sample) : trunk->forward(sample);
  }
  common::PhaseScope phase("image_encoder.neck");
  auto [features, pos] = neck->forward(levels);
  if (m_scalp > 0) {
    features.resize(features.size() - m_scalp);
    pos.resize(pos.size() - m_scalp);
  }
  ImageEncoderOutput output;
  output.vision_features = features.back();
  output.vision_pos_enc = std::move(pos);
  output.backbone_fpn = std::move(features);
  return output;
}

}  // namespace masklet::model
