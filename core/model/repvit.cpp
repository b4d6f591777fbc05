#include "model/repvit.h"

#include <algorithm>

namespace masklet::model {

RepVitImpl::RepVitImpl(const RepVitOptions& options) : m_options(options) {
  const auto stageCount = static_cast<int64_t>(options.embedDims.size());
  TORCH_CHECK(stageCount > 0 && options.depths.size() == options.embedDims.size(),
              "RepVit: embed_dim and depth need one entry per stage, got ",
              options.embedDims.size(), " and ", options.depths.size());
  TORCH_CHECK(!options.outIndices.empty() &&
                  std::is_sorted(options.outIndices.begin(), options.outIndices.end()) &&
                  options.outIndices.front() >= 0 && options.outIndices.back() < stageCount,
              "RepVit: out_indices must be increasing stage indices below ", stageCount);
  stem = register_module("stem", RepVitStem(options.inChans, options.embedDims[0]));
  int64_t inDim = options.embedDims[0];
  // FeatureListNet drops the modules after the last one an output needs.
  for (int64_t i = 0; i <= options.outIndices.back(); ++i) {
    RepVitStageOptions stage;
    stage.inDim = inDim;
    stage.outDim = options.embedDims[i];
    stage.depth = options.depths[i];
    stage.mlpRatio = options.mlpRatio;
    stage.kernelSize = options.kernelSize;
    stage.downsample = i != 0;
    stages.push_back(register_module("stages_" + std::to_string(i), RepVitStage(stage)));
    inDim = options.embedDims[i];
  }
}

std::vector<torch::Tensor> RepVitImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == m_options.inChans, "RepVit: expected [B, ",
              m_options.inChans, ", H, W], got ", x.sizes());
  std::vector<torch::Tensor> outputs;
  auto y = stem->forward(x);
  for (size_t i = 0; i < stages.size(); ++i) {
    y = stages[i]->forward(y);
    const auto index = static_cast<int64_t>(i);
    if (std::find(m_options.outIndices.begin(), m_options.outIndices.end(), index) !=
        m_options.outIndices.end())
      outputs.push_back(y);
  }
  return outputs;
}

std::vector<int64_t> RepVitImpl::featureChannels() const {
  std::vector<int64_t> channels;
  for (const int64_t index : m_options.outIndices) channels.push_back(m_options.embedDims[index]);
  return channels;
}

}  // namespace masklet::model
