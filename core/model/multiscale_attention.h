#pragma once
// sam2.modeling.backbones.hieradet.MultiScaleAttention: multi-head self-attention over a
// channels-last token grid, optionally max-pooling the queries (Hiera's stage downsampling).
#include <torch/torch.h>

#include <array>
#include <optional>

namespace masklet::model {

struct MultiScaleAttentionOptions {
  int64_t dim = 0;
  int64_t dimOut = 0;
  int64_t numHeads = 1;
  std::optional<std::array<int64_t, 2>> qStride;  // pool queries with this kernel = stride
};

class MultiScaleAttentionImpl : public torch::nn::Module {
 public:
  explicit MultiScaleAttentionImpl(const MultiScaleAttentionOptions& options);
  // [B, H, W, dim] -> [B, H', W', dimOut] (H', W' = H, W / qStride when pooling).
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Linear qkv{nullptr};
  torch::nn::Linear proj{nullptr};

 private:
  MultiScaleAttentionOptions m_options;
};
TORCH_MODULE(MultiScaleAttention);

// hieradet.do_pool with nn.MaxPool2d(kernel = stride = qStride, ceil_mode = False) on a
// channels-last [B, H, W, C] tensor.
torch::Tensor maxPoolChannelsLast(const torch::Tensor& x, const std::array<int64_t, 2>& qStride);

}  // namespace masklet::model
