#pragma once
// sam2.modeling.backbones.timm.TimmBackbone (EdgeTAM's trunk): the timm features-only network
// registered as "body", its features returned highest resolution first; channelList() is
// theirs reversed, as the neck's backbone_channel_list. Only repvit_m1 is built.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "model/repvit.h"

namespace masklet::model {

struct TimmBackboneOptions {
  std::string name = "repvit_m1.dist_in1k";
  std::vector<int64_t> outIndices{0, 1, 2, 3};  // from the config's "layer<i>" features
};

class TimmBackboneImpl : public torch::nn::Module {
 public:
  explicit TimmBackboneImpl(const TimmBackboneOptions& options);

  std::vector<torch::Tensor> forward(const torch::Tensor& x) { return body->forward(x); }
  const std::vector<int64_t>& channelList() const { return m_channelList; }

  RepVit body{nullptr};

 private:
  std::vector<int64_t> m_channelList;
};
TORCH_MODULE(TimmBackbone);

}  // namespace masklet::model
