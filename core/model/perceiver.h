#pragma once
// sam2.modeling.perceiver.PerceiverResampler (EdgeTAM's spatial_perceiver): compresses a memory
// feature map [B, C, H, W] into a short sequence of latents. num_latents global latents
// cross-attend to every position (the memory's position encoding added to keys and values);
// num_latents_2d window latents, one per window of a √n × √n split of the map, each attend to
// their window only. Both run through the same layers and final norm.
#include <torch/torch.h>

#include <utility>

#include "model/perceiver_layer.h"
#include "model/position_encoding.h"

namespace masklet::model {

struct PerceiverResamplerOptions {
  int64_t dim = 0;
  int64_t depth = 0;
  int64_t dimHead = 64;
  int64_t heads = 1;
  int64_t numLatents = -1;    // <= 0: none
  int64_t numLatents2d = -1;  // <= 0: none; else a square number
  double ffMult = 4.0;
  double hiddenDropout = 0.0;     // training only
  double attentionDropout = 0.0;  // training only
  bool posEncAtKeyValue = false;  // the reference uses the position encoding whenever given
  bool concatKvLatents = false;
  PositionEmbeddingSineOptions positionEncoding;  // of the window-latent grid
  bool useSelfAttn = false;
};

class PerceiverResamplerImpl : public torch::nn::Module {
 public:
  explicit PerceiverResamplerImpl(const PerceiverResamplerOptions& options);

  // x, pos [B, dim, H, W] (pos may be undefined) -> (latents [B, N, dim], their position
  // encodings [B, N, dim]) with N = num_latents + num_latents_2d, global latents first: zeros
  // for the global latents, the sine encoding of the window grid for the others. The returned
  // position encoding is undefined when pos is.
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x, const torch::Tensor& pos);

  int64_t numOutputLatents() const;

  torch::Tensor latents;     // [num_latents, dim], when num_latents > 0
  torch::Tensor latents_2d;  // [num_latents_2d, dim], when num_latents_2d > 0
  torch::nn::ModuleList layers{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  PositionEmbeddingSine position_encoding{nullptr};

 private:
  std::pair<torch::Tensor, torch::Tensor> forwardGlobal(const torch::Tensor& x,
                                                        const torch::Tensor& pos);
  std::pair<torch::Tensor, torch::Tensor> forwardWindows(const torch::Tensor& x);

  PerceiverResamplerOptions m_options;
  int64_t m_windowsPerSide = 0;
};
TORCH_MODULE(PerceiverResampler);

}  // namespace masklet::model
