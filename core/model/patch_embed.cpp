#include "model/patch_embed.h"

namespace masklet::model {

PatchEmbedImpl::PatchEmbedImpl(const PatchEmbedOptions& options) : m_inChans(options.inChans) {
  proj = register_module(
      "proj",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(options.inChans, options.embedDim,
                                                 {options.kernelSize[0], options.kernelSize[1]})
                            .stride({options.stride[0], options.stride[1]})
                            .padding({options.padding[0], options.padding[1]})));
}

torch::Tensor PatchEmbedImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == m_inChans, "PatchEmbed: expected [B, ", m_inChans,
              ", H, W], got ", x.sizes());
  return proj->forward(x).permute({0, 2, 3, 1});
}

}  // namespace masklet::model
