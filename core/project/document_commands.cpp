// The Document's commands: each builds one Edit from the current state and commits it.
#include <algorithm>

#include "common/error.h"
#include "project/document.h"
#include "project/document_edit.h"
#include "project/object_palette.h"

namespace masklet::project {

ObjectInfo& Document::objectRef(int objectId) {
  for (auto& object : m_state.objects)
    if (object.id == objectId) return object;
  throw Error("no object with id " + std::to_string(objectId));
}

int Document::addObject(const std::string& name, int categoryId, int id) {
  if (id != 0 && id < m_state.nextObjectId)
    throw Error("internal: object id " + std::to_string(id) + " was given out before");
  if (categoryId == 0) categoryId = m_state.categories.empty() ? 1 : m_state.categories.front().id;
  bool known = false;
  for (const auto& category : m_state.categories) known = known || category.id == categoryId;
  if (!known) throw Error("unknown category " + std::to_string(categoryId));
  ObjectInfo object;
  object.id = id != 0 ? id : m_state.nextObjectId;
  m_state.nextObjectId = object.id + 1;  // never given back, even when the add is undone
  object.name = name.empty() ? "object " + std::to_string(object.id) : name;
  object.categoryId = categoryId;
  object.color = paletteColor(object.id);
  Edit edit;
  auto objects = m_state.objects;
  objects.push_back(object);
  edit.objects.emplace(m_state.objects, objects);
  commit("Add " + object.name, std::move(edit));
  return object.id;
}

void Document::removeObject(int objectId) {
  const std::string name = objectRef(objectId).name;
  Edit edit;
  auto objects = m_state.objects;
  objects.erase(std::remove_if(objects.begin(), objects.end(),
                               [&](const ObjectInfo& o) { return o.id == objectId; }),
                objects.end());
  edit.objects.emplace(m_state.objects, objects);
  for (const auto& [key, prompts] : m_state.prompts)
    if (key.second == objectId)
      edit.prompts.emplace(key, Edit::Change<FramePrompts>{prompts, std::nullopt});
  for (const auto& [key, mask] : m_state.masks)
    if (key.second == objectId)
      edit.masks.emplace(key, Edit::Change<ObjectMask>{mask, std::nullopt});
  for (const auto& key : m_state.checked)
    if (key.second == objectId) edit.checked.emplace(key, false);
  commit("Remove " + name, std::move(edit));
}

void Document::changeObject(const std::string& text, int objectId,
                            const std::function<void(ObjectInfo&)>& change) {
  auto objects = m_state.objects;
  for (auto& object : objects)
    if (object.id == objectId) change(object);
  if (objects == m_state.objects) return;
  Edit edit;
  edit.objects.emplace(m_state.objects, objects);
  commit(text, std::move(edit));
}

void Document::renameObject(int objectId, const std::string& name) {
  objectRef(objectId);
  changeObject("Rename object", objectId, [&](ObjectInfo& o) { o.name = name; });
}

void Document::recolorObject(int objectId, uint32_t color) {
  objectRef(objectId);
  changeObject("Recolour object", objectId, [&](ObjectInfo& o) { o.color = color & 0xffffffu; });
}

void Document::setObjectCategory(int objectId, int categoryId) {
  objectRef(objectId);
  bool known = false;
  for (const auto& category : m_state.categories) known = known || category.id == categoryId;
  if (!known) throw Error("unknown category " + std::to_string(categoryId));
  changeObject("Set category", objectId, [&](ObjectInfo& o) { o.categoryId = categoryId; });
}

void Document::setObjectVisible(int objectId, bool visible) {
  objectRef(objectId);
  changeObject(visible ? "Show object" : "Hide object", objectId,
               [&](ObjectInfo& o) { o.visible = visible; });
}

int Document::addCategory(const std::string& name, const std::string& supercategory) {
  if (name.empty()) throw Error("a category needs a name");
  int id = 1;
  for (const auto& category : m_state.categories) {
    if (category.name == name) throw Error("category \"" + name + "\" exists already");
    id = std::max(id, category.id + 1);
  }
  auto categories = m_state.categories;
  categories.push_back({id, name, supercategory});
  Edit edit;
  edit.categories.emplace(m_state.categories, categories);
  commit("Add category " + name, std::move(edit));
  return id;
}

void Document::renameCategory(int categoryId, const std::string& name) {
  if (name.empty()) throw Error("a category needs a name");
  auto categories = m_state.categories;
  bool found = false;
  for (auto& category : categories) {
    if (category.id == categoryId) {
      category.name = name;
      found = true;
    } else if (category.name == name) {
      throw Error("category \"" + name + "\" exists already");
    }
  }
  if (!found) throw Error("unknown category " + std::to_string(categoryId));
  Edit edit;
  edit.categories.emplace(m_state.categories, categories);
  commit("Rename category", std::move(edit));
}

void Document::recordMask(Edit& edit, const FrameObjectKey& key,
                          const std::optional<ObjectMask>& mask) const {
  const auto found = m_state.masks.find(key);
  std::optional<ObjectMask> before;
  if (found != m_state.masks.end()) before = found->second;
  if (before == mask) return;
  edit.masks.emplace(key, Edit::Change<ObjectMask>{before, mask});
  // The reviewer accepted the old mask, not this one.
  if (m_state.checked.count(key)) edit.checked.emplace(key, false);
}

void Document::applyPromptResult(const std::string& text, int frame, int objectId,
                                 const FramePrompts& prompts,
                                 const std::map<int, ObjectMask>& masks) {
  objectRef(objectId);
  Edit edit;
  const FrameObjectKey key{frame, objectId};
  const auto found = m_state.prompts.find(key);
  std::optional<FramePrompts> before;
  if (found != m_state.prompts.end()) before = found->second;
  std::optional<FramePrompts> after;
  if (!prompts.empty()) after = prompts;
  if (before != after) edit.prompts.emplace(key, Edit::Change<FramePrompts>{before, after});
  for (const auto& [id, mask] : masks)
    if (hasObject(id)) recordMask(edit, {frame, id}, mask);
  commit(text, std::move(edit));
}

void Document::setMask(const std::string& text, int frame, int objectId, const ObjectMask& mask) {
  objectRef(objectId);
  Edit edit;
  recordMask(edit, {frame, objectId}, mask);
  commit(text, std::move(edit));
}

void Document::setMasks(const std::string& text, int frame,
                        const std::map<int, ObjectMask>& masks) {
  Edit edit;
  edit.engineRun = true;
  for (const auto& [id, mask] : masks)
    if (hasObject(id)) recordMask(edit, {frame, id}, mask);
  commit(text, std::move(edit));
}

void Document::clearMasks(const std::string& text, int objectId, const std::vector<int>& frames) {
  objectRef(objectId);
  Edit edit;
  for (const int frame : frames) recordMask(edit, {frame, objectId}, std::nullopt);
  commit(text, std::move(edit));
}

void Document::setChecked(int objectId, const std::vector<int>& frames, bool checked) {
  objectRef(objectId);
  Edit edit;
  for (const int frame : frames) {
    const FrameObjectKey key{frame, objectId};
    if (m_state.masks.count(key) && m_state.checked.count(key) != (checked ? 1u : 0u))
      edit.checked.emplace(key, checked);
  }
  const bool one = edit.checked.size() == 1;
  commit(std::string(checked ? "Mark" : "Unmark") + (one ? " frame" : " frames") + " checked",
         std::move(edit));
}

}  // namespace masklet::project
