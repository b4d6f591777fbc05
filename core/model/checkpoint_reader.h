#pragma once
// Reads files written by torch.save (zip container + pickle) without executing anything:
// a restricted unpickler that knows only what state dicts and tensor dicts contain, and
// refuses any other global by name before it is used (pickle_reader.h); the zip container is
// read by torch_zip_reader.h with every size checked. LibTorch 1.13's torch::pickle_load
// cannot read the official SAM 2 checkpoints (OrderedDict `_metadata`, single SETITEM).
#include <torch/torch.h>

#include <map>
#include <string>

namespace masklet::model {

using TensorMap = std::map<std::string, torch::Tensor>;

// All tensors of the pickled object, nested dicts flattened with '.' ("model.image_encoder...").
// Non-tensor leaves (ints, strings, metadata) are skipped. Throws masklet::Error on a damaged
// file, an unknown opcode or a forbidden global, naming the problem in one line. Reading never
// allocates more than ReadBudget allows (2 x the file's size + 32 MiB).
TensorMap readTensorFile(const std::string& path);

// The same for a torch.save file held in memory (`name` is used in messages).
TensorMap readTensorBytes(std::string bytes, const std::string& name);

// The model state dict of a checkpoint: the "model" entry of {"model": state_dict} as Meta
// publishes them, or the top-level dict when it holds tensors directly.
TensorMap readStateDict(const std::string& path);

// The same keys with tensors on the meta device: sizes and dtypes from the pickle, no tensor
// data read (what a model picker needs to tell which model a multi-GB file is, at once).
TensorMap readStateDictLayout(const std::string& path);

}  // namespace masklet::model
