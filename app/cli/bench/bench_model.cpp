#include "cli/bench/bench_model.h"

#include <cmath>

#include "cli/shared/usage_error.h"
#include "model/official_models.h"

namespace masklet::cli {

namespace {

// The official script's initialisation: randn / sqrt(fan-in) for matrices and kernels,
// 1 + 0.1 randn for vectors.
void randomizeWeights(model::Sam2Model& model) {
  torch::NoGradGuard noGrad;
  torch::manual_seed(0);
  for (auto& p : model.parameters()) {
    if (p.dim() >= 2)
      p.copy_(torch::randn(p.sizes()) / std::sqrt(static_cast<double>(p[0].numel())));
    else
      p.copy_(1.0 + 0.1 * torch::randn(p.sizes()));
  }
}

}  // namespace

std::shared_ptr<const model::Sam2Model> benchModel(const BenchModelChoice& choice,
                                                   const std::string& bench) {
  if (!choice.checkpoint.empty())
    return model::Sam2Model::load(choice.checkpoint, choice.config, choice.device, choice.folding);
  model::ModelConfig config;
  if (!choice.config.empty()) {
    config = model::ModelConfig::fromYaml(choice.config);
  } else {
    const std::string name = choice.model.empty() ? "sam2.1_hiera_tiny" : choice.model;
    const auto* official = model::findOfficialModel(name);
    if (!official) {
      std::string names;
      for (const auto& model : model::officialModels())
        names += (names.empty() ? "" : ", ") + model.name;
      throw UsageError(bench + ": '" + name + "' is not an official model name (" + names + ")");
    }
    config = official->config;
  }
  auto built = std::make_shared<model::Sam2Model>(config);
  randomizeWeights(*built);  // on the CPU, so the seeded weights match the official script's
  built->to(choice.device.value_or(model::Sam2Model::defaultDevice()));
  built->eval();
  built->foldBatchNorms(choice.folding);
  return built;
}

}  // namespace masklet::cli
