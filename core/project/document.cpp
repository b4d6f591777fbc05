#include "project/document.h"

#include <algorithm>

#include "common/error.h"
#include "project/object_palette.h"

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

bool DocumentChange::needsEngineRebuild() const {
  // Undoing a run or bringing back an object cannot be done frame by frame in the engine.
  return kind == Kind::Reset ||
         ((kind == Kind::Undo || kind == Kind::Redo) && (objectSetChanged || engineRun));
}

Document::Document() {
  reset(VideoRef{});
}
Document::~Document() = default;

int Document::addListener(Listener listener) {
  const int handle = m_nextListener++;
  m_listeners.emplace(handle, std::move(listener));
  return handle;
}

void Document::removeListener(int handle) {
  m_listeners.erase(handle);
}

const ObjectInfo* Document::object(int objectId) const {
  for (const auto& object : m_state.objects)
    if (object.id == objectId) return &object;
  return nullptr;
}

FramePrompts Document::prompts(int frame, int objectId) const {
  const auto found = m_state.prompts.find({frame, objectId});
  return found == m_state.prompts.end() ? FramePrompts{} : found->second;
}

const ObjectMask* Document::mask(int frame, int objectId) const {
  const auto found = m_state.masks.find({frame, objectId});
  return found == m_state.masks.end() ? nullptr : &found->second;
}

std::vector<int> Document::framesWithMask(int objectId) const {
  std::vector<int> frames;
  for (const auto& [key, mask] : m_state.masks)
    if (key.second == objectId && dataset::rleArea(mask.rle) > 0) frames.push_back(key.first);
  return frames;
}

std::vector<int> Document::framesWithPrompts(int objectId) const {
  std::vector<int> frames;
  for (const auto& [key, prompts] : m_state.prompts)
    if (key.second == objectId && !prompts.empty()) frames.push_back(key.first);
  return frames;
}

std::map<int, ObjectMask> Document::masksOnFrame(int frame) const {
  std::map<int, ObjectMask> out;
  for (auto it = m_state.masks.lower_bound({frame, 0});
       it != m_state.masks.end() && it->first.first == frame; ++it)
    out.emplace(it->first.second, it->second);
  return out;
}

dataset::VideoAnnotation Document::toAnnotation() const {
  dataset::VideoAnnotation out;
  out.video.name = m_state.video.name;
  out.video.width = m_state.video.width;
  out.video.height = m_state.video.height;
  out.video.frameCount = m_state.video.frameCount;
  out.video.fps = m_state.video.fps;
  out.categories = m_state.categories;
  for (const auto& object : m_state.objects) {
    dataset::AnnotatedObject annotated;
    annotated.trackId = object.id;
    annotated.name = object.name;
    annotated.categoryId = object.categoryId;
    out.objects.push_back(annotated);
  }
  for (const auto& [key, mask] : m_state.masks) {
    if (dataset::rleArea(mask.rle) == 0) continue;
    dataset::MaskAnnotation annotated;
    annotated.rle = mask.rle;
    annotated.predictedIou = mask.quality.predictedIou;
    annotated.objectScore = mask.quality.objectScore;
    annotated.edited = mask.source == MaskSource::Prompted || mask.source == MaskSource::Edited;
    const auto prompts = m_state.prompts.find(key);
    if (prompts != m_state.prompts.end()) annotated.points = prompts->second.allPoints();
    out.frames[key.first][key.second] = std::move(annotated);
  }
  return out;
}

void Document::reset(const VideoRef& video) {
  DocumentState state;
  state.video = video;
  load(std::move(state));  // an empty state: load adds the default category
}

void Document::load(DocumentState state) {
  for (const auto& object : state.objects)
    state.nextObjectId = std::max(state.nextObjectId, object.id + 1);
  if (state.categories.empty()) state.categories.push_back(dataset::defaultCategory());
  m_state = std::move(state);
  m_undo.clear();
  m_redo.clear();
  m_group.reset();
  ++m_revision;
  m_savedRevision = m_revision;
  DocumentChange change;
  change.kind = DocumentChange::Kind::Reset;
  change.categoriesChanged = true;
  change.objectSetChanged = true;
  for (const auto& object : m_state.objects) change.objectsChanged.insert(object.id);
  for (const auto& [key, prompts] : m_state.prompts) change.promptsChanged.insert(key);
  for (const auto& [key, mask] : m_state.masks) change.masksChanged.insert(key);
  change.checkedChanged = m_state.checked;
  notify(change);
}

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

void Document::notify(const DocumentChange& change) {
  // A listener may remove itself: iterate over a copy of the handles.
  std::vector<int> handles;
  for (const auto& [handle, listener] : m_listeners) handles.push_back(handle);
  for (const int handle : handles) {
    const auto found = m_listeners.find(handle);
    if (found != m_listeners.end()) found->second(change);
  }
}

}  // namespace masklet::project
