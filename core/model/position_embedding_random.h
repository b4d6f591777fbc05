#pragma once
// sam2.modeling.position_encoding.PositionEmbeddingRandom: Fourier features of (x, y) through a
// fixed random Gaussian matrix (the buffer `positional_encoding_gaussian_matrix`, loaded from
// the checkpoint). Used by the prompt encoder for points and for the dense image PE.
#include <torch/torch.h>

#include <array>

namespace masklet::model {

struct PositionEmbeddingRandomOptions {
  int64_t numPosFeats = 64;  // output channels are 2 * numPosFeats (sin and cos)
  double scale = 1.0;        // <= 0 means 1.0, as in the reference
};

class PositionEmbeddingRandomImpl : public torch::nn::Module {
 public:
  explicit PositionEmbeddingRandomImpl(const PositionEmbeddingRandomOptions& options);

  // Encoding of the pixel-centre grid of size {h, w}: [2*numPosFeats, h, w].
  torch::Tensor forward(const std::array<int64_t, 2>& size);

  // Encoding of points in pixels of an image of size {h, w}: coords [B, N, 2] (x, y) ->
  // [B, N, 2*numPosFeats].
  torch::Tensor forwardWithCoords(const torch::Tensor& coords,
                                  const std::array<int64_t, 2>& imageSize);

  torch::Tensor positional_encoding_gaussian_matrix;  // [2, numPosFeats], a buffer

 private:
  // coords in [0, 1]^2, shape [..., 2] -> [..., 2*numPosFeats]
  torch::Tensor encode(const torch::Tensor& coords) const;
};
TORCH_MODULE(PositionEmbeddingRandom);

}  // namespace masklet::model
