// The Document's undo engine: committing edits, command groups, undo and redo.
#include <memory>
#include <set>

#include "common/error.h"
#include "project/document.h"
#include "project/document_edit.h"

namespace masklet::project {

void Document::beginGroup(const std::string& text) {
  if (m_group)
    throw Error("internal: command groups do not nest (\"" + m_group->text + "\" is open)");
  m_group = std::make_unique<Step>();
  m_group->text = text;
}

void Document::endGroup() {
  if (!m_group) return;
  auto group = std::move(m_group);
  if (group->edits.empty()) return;  // nothing happened (e.g. cancelled at once)
  DocumentChange closed;  // nothing new changed; the history did (views update undo/redo)
  closed.text = group->text;
  m_undo.push_back(std::move(group));
  m_redo.clear();
  notify(closed);
}

void Document::abandonGroup() {
  if (!m_group) return;
  auto group = std::move(m_group);
  if (group->edits.empty()) return;
  DocumentChange change;
  change.kind = DocumentChange::Kind::Undo;
  change.text = group->text;
  for (auto it = group->edits.rbegin(); it != group->edits.rend(); ++it) apply(*it, false, change);
  ++m_revision;
  notify(change);
}

bool Document::inGroup() const {
  return m_group != nullptr;
}

bool Document::canUndo() const {
  return !m_undo.empty() && !m_group;
}
bool Document::canRedo() const {
  return !m_redo.empty() && !m_group;
}
std::string Document::undoText() const {
  return m_undo.empty() ? "" : m_undo.back()->text;
}
std::string Document::redoText() const {
  return m_redo.empty() ? "" : m_redo.back()->text;
}

void Document::commit(const std::string& text, Edit edit) {
  if (!edit.objects && !edit.categories && edit.prompts.empty() && edit.masks.empty() &&
      edit.checked.empty())
    return;
  DocumentChange change;
  change.text = m_group ? m_group->text : text;
  apply(edit, /*forward=*/true, change);
  if (m_group) {
    m_group->edits.push_back(std::move(edit));
  } else {
    auto step = std::make_unique<Step>();
    step->text = text;
    step->edits.push_back(std::move(edit));
    m_undo.push_back(std::move(step));
    m_redo.clear();
  }
  ++m_revision;
  notify(change);
}

void Document::undo() {
  if (canUndo()) travel(m_undo, m_redo, /*forward=*/false);
}

void Document::redo() {
  if (canRedo()) travel(m_redo, m_undo, /*forward=*/true);
}

void Document::travel(std::vector<std::unique_ptr<Step>>& from,
                      std::vector<std::unique_ptr<Step>>& to, bool forward) {
  auto step = std::move(from.back());
  from.pop_back();
  DocumentChange change;
  change.kind = forward ? DocumentChange::Kind::Redo : DocumentChange::Kind::Undo;
  change.text = step->text;
  if (forward) {
    for (const auto& edit : step->edits) apply(edit, true, change);
  } else {
    for (auto it = step->edits.rbegin(); it != step->edits.rend(); ++it) apply(*it, false, change);
  }
  to.push_back(std::move(step));
  ++m_revision;
  notify(change);
}

void Document::markSaved() {
  m_savedRevision = m_revision;
}

namespace {

template <typename Map, typename Value>
void setEntry(Map& map, const typename Map::key_type& key, const std::optional<Value>& value) {
  if (value) {
    map.insert_or_assign(key, *value);
  } else {
    map.erase(key);
  }
}

}  // namespace

void Document::apply(const Edit& edit, bool forward, DocumentChange& change) {
  auto pick = [forward](const auto& pair) -> const auto& {
    return forward ? pair.second : pair.first;
  };
  if (edit.objects) {
    const auto& target = *pick(*edit.objects);
    std::set<int> before, after;
    for (const auto& o : m_state.objects) before.insert(o.id);
    for (const auto& o : target) after.insert(o.id);
    if (before != after) change.objectSetChanged = true;
    for (const auto& o : target) {
      const ObjectInfo* old = object(o.id);
      if (old == nullptr || !(*old == o)) change.objectsChanged.insert(o.id);
    }
    for (const int id : before)
      if (!after.count(id)) change.objectsChanged.insert(id);
    m_state.objects = target;
  }
  if (edit.categories) {
    m_state.categories = *pick(*edit.categories);
    change.categoriesChanged = true;
  }
  for (const auto& [key, values] : edit.prompts) {
    setEntry(m_state.prompts, key, pick(values));
    change.promptsChanged.insert(key);
  }
  for (const auto& [key, values] : edit.masks) {
    setEntry(m_state.masks, key, pick(values));
    change.masksChanged.insert(key);
  }
  for (const auto& [key, after] : edit.checked) {
    if (after == forward) {
      m_state.checked.insert(key);
    } else {
      m_state.checked.erase(key);
    }
    change.checkedChanged.insert(key);
  }
  change.engineRun = change.engineRun || edit.engineRun;
}

}  // namespace masklet::project
