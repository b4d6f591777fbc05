#pragma once
// The restricted unpickler behind checkpoint_reader.h: a stack machine for the pickle opcodes
// torch.save emits, producing a small value tree. Globals are checked against an allow-list
// at the GLOBAL opcode, so a malicious pickle is refused before anything is called. Everything
// else the file controls is bounded too: nesting depth, reference cycles through the memo,
// memo indices, the memory of all objects (ReadBudget), tensor views against their storage.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/read_budget.h"

namespace masklet::model {

struct PickleValue;
using PickleValuePtr = std::shared_ptr<PickleValue>;

struct PickleValue {
  enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Tensor, Storage };
  Kind kind = Kind::None;
  bool boolValue = false;
  int64_t intValue = 0;
  double floatValue = 0.0;
  std::string text;                   // String; Global as "module.name"; Storage: record key
  std::vector<PickleValuePtr> items;  // Tuple, List
  std::vector<std::pair<PickleValuePtr, PickleValuePtr>> entries;  // Dict (insertion order)
  torch::Tensor tensor;                                            // Tensor, Storage (1-D)
  int depth = 1;           // nesting levels below and including this value
  bool contained = false;  // already an item of a tuple, list or dict
};

// Deeper nesting than any checkpoint has is refused: it would only serve to exhaust the stack
// of code that walks the tree (and of the destructors).
constexpr int kMaxPickleDepth = 100;

// Loads the storage record `key` as a 1-D tensor of `dtype` with `numel` elements.
using StorageLoader =
    std::function<torch::Tensor(const std::string& key, torch::ScalarType dtype, int64_t numel)>;

// Unpickles `bytes`; `context` names the source in error messages. The tree is acyclic and at
// most kMaxPickleDepth deep; its memory is charged to `budget`.
PickleValuePtr unpickle(const std::string& bytes, const StorageLoader& loadStorage,
                        const std::string& context, ReadBudget& budget);

}  // namespace masklet::model
