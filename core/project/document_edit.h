#pragma once
// Inside the Document: how one change is recorded so that undo and redo give back the exact
// state. Shared by the commands (which build edits) and the history (which applies them).
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "project/document.h"

namespace masklet::project {

// One change of the state: for each entry touched, its value before and after (nullopt = no
// entry). Undo applies the befores, redo the afters, so both give back the exact state.
struct Document::Edit {
  template <typename T>
  using Change = std::pair<std::optional<T>, std::optional<T>>;
  std::optional<Change<std::vector<ObjectInfo>>> objects;
  std::optional<Change<std::vector<dataset::Category>>> categories;
  std::map<FrameObjectKey, Change<FramePrompts>> prompts;
  std::map<FrameObjectKey, Change<ObjectMask>> masks;
  std::map<FrameObjectKey, bool> checked;  // the mark after the edit (before: the opposite)
  bool engineRun = false;                  // masks the engine tracked (a propagation frame)
};

struct Document::Step {
  std::string text;
  std::vector<Edit> edits;
};

}  // namespace masklet::project
