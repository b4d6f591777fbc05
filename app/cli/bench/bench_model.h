#pragma once
// The model a benchmark runs: a checkpoint as published, or an official geometry (or a YAML
// config) with the seeded random weights of ../shared/reference/official_bench.py — speed and
// memory do not depend on the weight values.
#include <memory>
#include <optional>
#include <string>

#include "model/sam2_model.h"

namespace masklet::cli {

struct BenchModelChoice {
  std::string model;       // official name; empty: sam2.1_hiera_tiny
  std::string config;      // YAML (with a checkpoint: its config; else the random model's)
  std::string checkpoint;  // empty: random weights
  // As Sam2Model::load folds by default; other values to time folding against not folding.
  model::BatchNormFolding folding = model::BatchNormFolding::BoundSafe;
  std::optional<torch::Device> device =
      std::nullopt;  // nullopt: the model's default (CUDA when there is one)
};

// Throws masklet::Error naming `bench` for an unknown model name.
std::shared_ptr<const model::Sam2Model> benchModel(const BenchModelChoice& choice,
                                                   const std::string& bench);

}  // namespace masklet::cli
