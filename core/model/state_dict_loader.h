#pragma once
// Strict weight loading: every parameter and buffer of a module must be in the state dict
// with the same shape, and every state-dict key under the prefix must be used.
#include <torch/torch.h>

#include <string>

#include "model/checkpoint_reader.h"

namespace masklet::model {

// Copies weights[prefix + name] into each parameter/buffer `name` of `module`. Throws
// masklet::Error listing the problems: "key K: expected shape A, got B", missing keys,
// unexpected keys (those starting with `prefix` that no parameter uses).
void loadStateDict(torch::nn::Module& module, const TensorMap& weights,
                   const std::string& prefix = "");

}  // namespace masklet::model
