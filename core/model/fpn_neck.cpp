#include "model/fpn_neck.h"

#include <algorithm>

#include "common/error.h"

namespace masklet::model {

FpnNeckImpl::FpnNeckImpl(const FpnNeckOptions& options) : m_options(options) {
  if (options.backboneChannelList.empty()) throw Error("FpnNeck: backbone_channel_list is empty");
  if (options.fpnInterpModel != "nearest" && options.fpnInterpModel != "bilinear" &&
      options.fpnInterpModel != "bicubic")
    throw Error("FpnNeck: unsupported fpn_interp_model '" + options.fpnInterpModel +
                "' (expected nearest, bilinear or bicubic)");
  if (options.fuseType != "sum" && options.fuseType != "avg")
    throw Error("FpnNeck: unsupported fuse_type '" + options.fuseType + "' (expected sum or avg)");

  position_encoding =
      register_module("position_encoding", PositionEmbeddingSine(options.positionEncoding));
  convs = register_module("convs", torch::nn::ModuleList());
  for (const int64_t dim : options.backboneChannelList) {
    torch::nn::Sequential level;
    level->push_back(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, options.dModel, options.kernelSize)
                                      .stride(options.stride)
                                      .padding(options.padding)));
    convs->push_back(level);
  }
  const auto levels = static_cast<int64_t>(options.backboneChannelList.size());
  if (options.fpnTopDownLevels) {
    m_topDownLevels = *options.fpnTopDownLevels;
  } else {
    for (int64_t i = 0; i < levels; ++i) m_topDownLevels.push_back(i);
  }
}

torch::Tensor FpnNeckImpl::upsample(const torch::Tensor& x) const {
  namespace F = torch::nn::functional;
  auto options = F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0});
  if (m_options.fpnInterpModel == "nearest")
    return F::interpolate(x, options.mode(torch::kNearest));
  if (m_options.fpnInterpModel == "bicubic")
    return F::interpolate(x, options.mode(torch::kBicubic).align_corners(false));
  return F::interpolate(x, options.mode(torch::kBilinear).align_corners(false));
}

FpnNeckOutput FpnNeckImpl::forward(const std::vector<torch::Tensor>& xs) {
  const auto levels = static_cast<int64_t>(convs->size());
  TORCH_CHECK(static_cast<int64_t>(xs.size()) == levels, "FpnNeck: expected ", levels,
              " trunk levels, got ", xs.size());
  FpnNeckOutput output;
  output.features.resize(levels);
  output.pos.resize(levels);
  torch::Tensor previous;
  // Top-down: from the lowest resolution (last input) to the highest.
  const int64_t n = levels - 1;
  for (int64_t i = n; i >= 0; --i) {
    const auto& x = xs[i];
    TORCH_CHECK(x.dim() == 4 && x.size(1) == m_options.backboneChannelList[n - i],
                "FpnNeck: level ", i, " expected [B, ", m_options.backboneChannelList[n - i],
                ", H, W], got ", x.sizes());
    auto lateral = convs[n - i]->as<torch::nn::Sequential>()->forward(x);
    const bool topDown =
        std::find(m_topDownLevels.begin(), m_topDownLevels.end(), i) != m_topDownLevels.end();
    if (topDown && previous.defined()) {
      previous = lateral + upsample(previous.to(torch::kFloat32));
      if (m_options.fuseType == "avg") previous = previous / 2;
    } else {
      previous = lateral;
    }
    output.features[i] = previous;
    output.pos[i] = position_encoding->forward(previous).to(previous.scalar_type());
  }
  return output;
}

}  // namespace masklet::model
