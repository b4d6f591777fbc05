#pragma once
// sam2.modeling.position_encoding.PositionEmbeddingSine: the fixed sine/cosine encoding of a
// feature map's (y, x) grid used by the FPN neck and the memory encoder. It has no weights.
#include <torch/torch.h>

#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace masklet::model {

struct PositionEmbeddingSineOptions {
  int64_t numPosFeats = 0;  // output channels (y and x halves), must be even
  double temperature = 10000.0;
  bool normalize = true;
  std::optional<double> scale;  // default 2π; only allowed together with normalize
};

class PositionEmbeddingSineImpl : public torch::nn::Module {
 public:
  explicit PositionEmbeddingSineImpl(const PositionEmbeddingSineOptions& options);

  // x: [B, C, H, W] (only its batch, size and device are used) -> [B, numPosFeats, H, W] float32.
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::Tensor encode(int64_t height, int64_t width, const torch::Device& device) const;

  int64_t m_halfFeats;  // channels per axis (numPosFeats / 2)
  double m_temperature;
  bool m_normalize;
  double m_scale;
  // Per-(H, W) encodings, as the Python module's cache: not weights, so not registered.
  std::mutex m_cacheMutex;
  std::map<std::pair<int64_t, int64_t>, torch::Tensor> m_cache;
};
TORCH_MODULE(PositionEmbeddingSine);

}  // namespace masklet::model
