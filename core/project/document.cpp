#include "project/document.h"

#include <algorithm>

#include "project/document_edit.h"

namespace masklet::project {

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

void Document::notify(const DocumentChange& change) {
  // A listener may remove itself: iterate over a copy of the handles.
  std::vector<int> handles;
  for (const auto& [handle, listener] : m_listeners) handles.push_back(handle);
  for (const int handle : handles) {
    const auto found = m_listeners.find(handle);
    if (found != m_listeners.end()) found->second(change);
  }
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

}  // namespace masklet::project
