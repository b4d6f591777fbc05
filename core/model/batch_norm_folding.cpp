#include "model/batch_norm_folding.h"

#include "common/error.h"
#include "model/conv_norm.h"
#include "model/repvit_block.h"

namespace masklet::model {
namespace {

bool selected(const std::string& path, BatchNormFolding folding) {
  if (folding == BatchNormFolding::All) return true;
  if (folding == BatchNormFolding::None) return false;
  return path.find("token_mixer") != std::string::npos;
}

}  // namespace

int64_t foldBatchNorms(torch::nn::Module& root, BatchNormFolding folding) {
  int64_t folded = 0;
  for (const auto& item : root.named_modules("", /*include_self=*/true)) {
    if (!selected(item.key(), folding)) continue;
    if (auto* convNorm = dynamic_cast<ConvNormImpl*>(item.value().get())) {
      convNorm->fold();
      ++folded;
    }
  }
  // After their ConvNorms: a token mixer merges its folded branches into one kernel.
  for (const auto& item : root.named_modules("", /*include_self=*/true))
    if (auto* mixer = dynamic_cast<RepVggDwImpl*>(item.value().get()))
      if (selected(item.key(), folding)) mixer->fold();
  return folded;
}

const char* toString(BatchNormFolding folding) {
  switch (folding) {
    case BatchNormFolding::None:
      return "none";
    case BatchNormFolding::BoundSafe:
      return "bound-safe";
    case BatchNormFolding::All:
      return "all";
  }
  return "none";
}

BatchNormFolding parseBatchNormFolding(const std::string& text) {
  for (auto folding : {BatchNormFolding::None, BatchNormFolding::BoundSafe, BatchNormFolding::All})
    if (text == toString(folding)) return folding;
  throw Error("batch-norm folding '" + text + "' is not one of none, bound-safe, all");
}

}  // namespace masklet::model
