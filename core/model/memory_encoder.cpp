#include "model/memory_encoder.h"

#include "common/phase_profile.h"

namespace masklet::model {

MemoryEncoderImpl::MemoryEncoderImpl(const MemoryEncoderOptions& options) : m_options(options) {
  TORCH_CHECK(options.inDim > 0 && options.outDim > 0,
              "MemoryEncoder: in_dim and out_dim must be positive, got ", options.inDim, " and ",
              options.outDim);
  TORCH_CHECK(options.maskDownsampler.embedDim == options.inDim,
              "MemoryEncoder: mask_downsampler.embed_dim ", options.maskDownsampler.embedDim,
              " must equal in_dim ", options.inDim, " (the mask is added to the features)");
  TORCH_CHECK(options.fuser.layer.dim == options.inDim, "MemoryEncoder: fuser layer dim ",
              options.fuser.layer.dim, " must equal in_dim ", options.inDim);
  TORCH_CHECK(options.positionEncoding.numPosFeats == options.outDim,
              "MemoryEncoder: position_encoding.num_pos_feats ",
              options.positionEncoding.numPosFeats, " must equal out_dim ", options.outDim);
  mask_downsampler = register_module("mask_downsampler", MaskDownSampler(options.maskDownsampler));
  pix_feat_proj =
      register_module("pix_feat_proj",
                      torch::nn::Conv2d(torch::nn::Conv2dOptions(options.inDim, options.inDim, 1)));
  fuser = register_module("fuser", Fuser(options.fuser));
  position_encoding =
      register_module("position_encoding", PositionEmbeddingSine(options.positionEncoding));
  if (options.outDim != options.inDim)
    out_proj = register_module(
        "out_proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(options.inDim, options.outDim, 1)));
}

MemoryEncoderOutput MemoryEncoderImpl::forward(const torch::Tensor& pix_feat,
                                               const torch::Tensor& masks, bool skipMaskSigmoid) {
  TORCH_CHECK(pix_feat.dim() == 4 && pix_feat.size(1) == m_options.inDim,
              "MemoryEncoder: pix_feat must be [B, ", m_options.inDim, ", h, w], got ",
              pix_feat.sizes());
  TORCH_CHECK(masks.dim() == 4 && masks.size(0) == pix_feat.size(0) && masks.size(1) == 1,
              "MemoryEncoder: masks must be [", pix_feat.size(0), ", 1, H, W], got ",
              masks.sizes());

  // The sigmoid keeps predicted masks close to the binary ground-truth masks seen in training.
  const auto maskInput = skipMaskSigmoid ? masks : torch::sigmoid(masks);
  torch::Tensor downsampled;
  {
    common::PhaseScope phase("memory_encoder.mask_downsampler");
    downsampled = mask_downsampler->forward(maskInput);
  }
  TORCH_CHECK(downsampled.size(2) == pix_feat.size(2) && downsampled.size(3) == pix_feat.size(3),
              "MemoryEncoder: masks ", masks.sizes(), " downsample to ", downsampled.sizes(),
              ", which does not match the features ", pix_feat.sizes());

  auto x = pix_feat_proj->forward(pix_feat.to(downsampled.device())) + downsampled;
  {
    common::PhaseScope phase("memory_encoder.fuser");
    x = fuser->forward(x);
  }
  if (out_proj) x = out_proj->forward(x);

  MemoryEncoderOutput output;
  output.vision_pos_enc.push_back(position_encoding->forward(x).to(x.scalar_type()));
  output.vision_features = x;
  return output;
}

}  // namespace masklet::model
