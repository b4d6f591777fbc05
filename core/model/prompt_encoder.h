#pragma once
// sam2.modeling.sam.prompt_encoder.PromptEncoder: embeds point/box prompts into sparse tokens
// and an optional low-resolution mask into a dense embedding for the SAM mask decoder.
#include <torch/torch.h>

#include <array>
#include <optional>
#include <utility>

#include "model/position_embedding_random.h"

namespace masklet::model {

struct PromptEncoderOptions {
  int64_t embedDim = 0;                         // SAM2Base: hidden_dim (neck d_model)
  std::array<int64_t, 2> imageEmbeddingSize{};  // image_size / backbone_stride
  std::array<int64_t, 2> inputImageSize{};      // {image_size, image_size}
  int64_t maskInChans = 16;                     // SAM2Base constant

  // What SAM2Base._build_sam_heads passes for a square model input.
  static PromptEncoderOptions forModel(int64_t hiddenDim, int64_t imageSize,
                                       int64_t backboneStride = 16);
};

class PromptEncoderImpl : public torch::nn::Module {
 public:
  explicit PromptEncoderImpl(const PromptEncoderOptions& options);

  // points: coords [B, N, 2] float in input-image pixels (x, y) and labels [B, N]
  // (1 positive, 0 negative, 2/3 box corners, -1 padding); boxes [B, 4] (x0, y0, x1, y1);
  // masks [B, 1, mask_input_size]. Returns (sparse [B, N', C], dense [B, C, He, We]).
  std::pair<torch::Tensor, torch::Tensor> forward(
      const std::optional<std::pair<torch::Tensor, torch::Tensor>>& points,
      const std::optional<torch::Tensor>& boxes, const std::optional<torch::Tensor>& masks);

  // Positional encoding of the image-embedding grid: [1, C, He, We].
  torch::Tensor get_dense_pe();

  int64_t embed_dim = 0;
  std::array<int64_t, 2> image_embedding_size{};
  std::array<int64_t, 2> input_image_size{};
  std::array<int64_t, 2> mask_input_size{};

  PositionEmbeddingRandom pe_layer{nullptr};
  torch::nn::ModuleList point_embeddings{nullptr};  // pos, neg, box top-left, box bottom-right
  torch::nn::Embedding not_a_point_embed{nullptr};
  torch::nn::Sequential mask_downscaling{nullptr};
  torch::nn::Embedding no_mask_embed{nullptr};

 private:
  torch::Tensor pointEmbeddingWeight(int64_t index);
  torch::Tensor embedPoints(const torch::Tensor& coords, const torch::Tensor& labels, bool pad);
  torch::Tensor embedBoxes(const torch::Tensor& boxes);
};
TORCH_MODULE(PromptEncoder);

}  // namespace masklet::model
