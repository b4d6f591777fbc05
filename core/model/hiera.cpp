#include "model/hiera.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "common/error.h"
#include "model/hiera_block.h"

namespace masklet::model {

namespace {

bool contains(const std::vector<int64_t>& values, int64_t value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

HieraImpl::HieraImpl(const HieraOptions& options) : m_options(options) {
  if (options.stages.empty() || options.stages.size() != options.windowSpec.size())
    throw Error("Hiera: stages (" + std::to_string(options.stages.size()) +
                " entries) and window_spec (" + std::to_string(options.windowSpec.size()) +
                " entries) must be non-empty and of the same length");
  int64_t depth = 0;
  for (const int64_t blocksInStage : options.stages) {
    if (blocksInStage <= 0) throw Error("Hiera: every stage needs at least one block");
    depth += blocksInStage;
    m_stageEnds.push_back(depth - 1);
  }
  const int64_t transitions = static_cast<int64_t>(m_stageEnds.size()) - 1;
  if (options.qPool < 0 || options.qPool > transitions)
    throw Error("Hiera: q_pool " + std::to_string(options.qPool) + " must be within [0, " +
                std::to_string(transitions) + "] for " + std::to_string(m_stageEnds.size()) +
                " stages");
  std::vector<int64_t> qPoolBlocks;
  for (int64_t s = 0; s < options.qPool; ++s) qPoolBlocks.push_back(m_stageEnds[s] + 1);
  if (options.windowSpec[0] <= 0)
    throw Error("Hiera: window_spec[0] must be positive (it sizes pos_embed_window)");

  patch_embed = register_module(
      "patch_embed", PatchEmbed(PatchEmbedOptions{{7, 7}, {4, 4}, {3, 3}, 3, options.embedDim}));
  pos_embed = register_parameter(
      "pos_embed", torch::zeros({1, options.embedDim, options.windowPosEmbedBkgSpatialSize[0],
                                 options.windowPosEmbedBkgSpatialSize[1]}));
  pos_embed_window = register_parameter(
      "pos_embed_window",
      torch::zeros({1, options.embedDim, options.windowSpec[0], options.windowSpec[0]}));

  blocks = register_module("blocks", torch::nn::ModuleList());
  int64_t embedDim = options.embedDim;
  int64_t numHeads = options.numHeads;
  size_t curStage = 1;
  for (int64_t i = 0; i < depth; ++i) {
    int64_t dimOut = embedDim;
    // The window size lags by a block: a stage's first block still uses the previous
    // stage's window (it pools the queries down to the new resolution).
    int64_t windowSize = options.windowSpec[curStage - 1];
    if (contains(options.globalAttBlocks, i)) windowSize = 0;
    if (contains(m_stageEnds, i - 1)) {
      dimOut = static_cast<int64_t>(static_cast<double>(embedDim) * options.dimMul);
      numHeads = static_cast<int64_t>(static_cast<double>(numHeads) * options.headMul);
      ++curStage;
    }
    MultiScaleBlockOptions blockOptions;
    blockOptions.dim = embedDim;
    blockOptions.dimOut = dimOut;
    blockOptions.numHeads = numHeads;
    if (contains(qPoolBlocks, i)) blockOptions.qStride = options.qStride;
    blockOptions.windowSize = windowSize;
    blocks->push_back(MultiScaleBlock(blockOptions));
    embedDim = dimOut;
  }

  auto blockDimOut = [this](int64_t index) {
    return blocks[index]->as<MultiScaleBlock>()->dimOut();
  };
  if (options.returnIntermLayers) {
    for (auto it = m_stageEnds.rbegin(); it != m_stageEnds.rend(); ++it)
      m_channelList.push_back(blockDimOut(*it));
  } else {
    m_channelList.push_back(blockDimOut(depth - 1));
  }
}

torch::Tensor HieraImpl::positionEmbedding(int64_t height, int64_t width) const {
  const int64_t window = pos_embed_window.size(2);
  TORCH_CHECK(height % window == 0 && width % window == 0, "Hiera: the ", height, "x", width,
              " patch grid is not a multiple of the position-embedding window ", window,
              " (image size must be a multiple of ", 4 * window, ")");
  namespace F = torch::nn::functional;
  auto embedding = F::interpolate(pos_embed, F::InterpolateFuncOptions()
                                                 .size(std::vector<int64_t>{height, width})
                                                 .mode(torch::kBicubic)
                                                 .align_corners(false));
  embedding = embedding + pos_embed_window.tile({1, 1, height / window, width / window});
  return embedding.permute({0, 2, 3, 1});
}

std::vector<torch::Tensor> HieraImpl::forward(const torch::Tensor& image) {
  TORCH_CHECK(image.dim() == 4 && image.size(1) == 3, "Hiera: expected a [B, 3, H, W] image, got ",
              image.sizes());
  auto x = patch_embed->forward(image);  // [B, H, W, C]
  x = x + positionEmbedding(x.size(1), x.size(2));

  std::vector<torch::Tensor> outputs;
  const int64_t last = m_stageEnds.back();
  for (int64_t i = 0; i <= last; ++i) {
    x = blocks[i]->as<MultiScaleBlock>()->forward(x);
    if (i == last || (m_options.returnIntermLayers && contains(m_stageEnds, i)))
      outputs.push_back(x.permute({0, 3, 1, 2}));
  }
  return outputs;
}

}  // namespace masklet::model
