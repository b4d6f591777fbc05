#include "model/batch_norm_folding.h"

#include "model/conv_norm.h"
#include "model/repvit_block.h"

namespace masklet::model {

int64_t foldBatchNorms(torch::nn::Module& root, bool mergeTokenMixers) {
  int64_t folded = 0;
  for (const auto& module : root.modules(/*include_self=*/true)) {
    if (auto* convNorm = dynamic_cast<ConvNormImpl*>(module.get())) {
      convNorm->fold();
      ++folded;
    }
  }
  // After their ConvNorms: the token mixers merge the folded branches into one kernel.
  if (!mergeTokenMixers) return folded;
  for (const auto& module : root.modules(/*include_self=*/true))
    if (auto* mixer = dynamic_cast<RepVggDwImpl*>(module.get())) mixer->fold();
  return folded;
}

}  // namespace masklet::model
