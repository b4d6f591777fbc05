#pragma once
// The annotation document of one video: the single place where annotation state changes.
// Every change is a command on one undo history (a propagation run is one command); views
// observe change notifications. No Qt, no model: the GUI thread owns a Document, the CLI
// owns one too; the engine reaches it only through results (see tracker/result_recorder.h).
//
// Thread-safety: none; one thread owns a Document.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "project/document_types.h"

namespace masklet::project {

// What one change touched, for views and for the engine sync.
struct DocumentChange {
  enum class Kind { Edit, Undo, Redo, Reset };
  Kind kind = Kind::Edit;
  std::string text;              // the command's name ("Positive point", "Track forward")
  std::set<int> objectsChanged;  // added, removed, renamed, recoloured, ...
  std::set<FrameObjectKey> promptsChanged;
  std::set<FrameObjectKey> masksChanged;
  std::set<FrameObjectKey> checkedChanged;  // review marks set or cleared
  bool categoriesChanged = false;
  bool objectSetChanged = false;  // an object was added or removed
  bool engineRun = false;         // masks the engine tracked (a propagation) were touched
  // Whether the engine's state must be rebuilt from the prompts (objects added/removed, tracked
  // masks replaced by undo/redo); otherwise re-applying promptsChanged is enough.
  bool needsEngineRebuild() const;
};

class Document {
 public:
  using Listener = std::function<void(const DocumentChange&)>;

  Document();
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // --- observing ---
  int addListener(Listener listener);
  void removeListener(int handle);

  // --- reading ---
  const DocumentState& state() const { return m_state; }
  const VideoRef& video() const { return m_state.video; }
  const std::vector<ObjectInfo>& objects() const { return m_state.objects; }
  const std::vector<dataset::Category>& categories() const { return m_state.categories; }
  const ObjectInfo* object(int objectId) const;
  bool hasObject(int objectId) const { return object(objectId) != nullptr; }
  // No side effects: an object without prompts there gets an empty FramePrompts.
  FramePrompts prompts(int frame, int objectId) const;
  const ObjectMask* mask(int frame, int objectId) const;
  std::vector<int> framesWithMask(int objectId) const;  // non-empty masks, ascending
  std::vector<int> framesWithPrompts(int objectId) const;
  bool isChecked(int frame, int objectId) const { return m_state.checked.count({frame, objectId}); }
  // Masks of every object on a frame (object id -> mask).
  std::map<int, ObjectMask> masksOnFrame(int frame) const;
  bool hasPrompts() const { return !m_state.prompts.empty(); }
  // The annotation for the dataset writers (non-empty masks, prompts' points attached, edited
  // flags from the sources), objects in creation order.
  dataset::VideoAnnotation toAnnotation() const;

  // --- starting over (not undoable; clears the history) ---
  // A new, empty document for `video` (one default category).
  void reset(const VideoRef& video);
  // Takes a whole state (a loaded project); ids continue after its highest.
  void load(DocumentState state);

  // --- commands (each one undo step unless inside a group) ---
  // Throws masklet::Error for an unknown category. `id`: one chosen ahead (nextObjectId() or
  // later, e.g. for a prompt sent to the engine before the object was recorded); 0 = next.
  int addObject(const std::string& name = "", int categoryId = 0, int id = 0);
  int nextObjectId() const { return m_state.nextObjectId; }
  void removeObject(int objectId);  // with its prompts and masks everywhere
  void renameObject(int objectId, const std::string& name);
  void recolorObject(int objectId, uint32_t color);
  void setObjectCategory(int objectId, int categoryId);
  void setObjectVisible(int objectId, bool visible);
  int addCategory(const std::string& name, const std::string& supercategory = "");
  void renameCategory(int categoryId, const std::string& name);
  // The engine accepted new prompts for (frame, object) and returned these masks for the
  // frame's objects: records both as one command. Masks of unknown objects are ignored.
  void applyPromptResult(const std::string& text, int frame, int objectId,
                         const FramePrompts& prompts, const std::map<int, ObjectMask>& masks);
  // Replaces one mask (painted, accepted, imported), e.g. with source Edited.
  void setMask(const std::string& text, int frame, int objectId, const ObjectMask& mask);
  // Masks the engine returned outside a prompt (a propagation frame): no prompt changes.
  void setMasks(const std::string& text, int frame, const std::map<int, ObjectMask>& masks);
  // Removes an object's masks on the given frames (an undoable "clear track").
  void clearMasks(const std::string& text, int objectId, const std::vector<int>& frames);
  // Marks (checked = true) or unmarks the reviewed frames of an object, one undo step. Frames
  // without a mask of the object cannot be checked and are skipped.
  void setChecked(int objectId, const std::vector<int>& frames, bool checked);

  // Commands between beginGroup and endGroup form one undo step (a propagation run, an
  // import). Listeners hear each change as it happens, and an empty change when the group
  // closes (the history changed). Groups do not nest.
  void beginGroup(const std::string& text);
  void endGroup();
  // Takes back every change of the open group and closes it without a history entry (a
  // command that failed half-way).
  void abandonGroup();
  bool inGroup() const;

  // --- history ---
  bool canUndo() const;
  bool canRedo() const;
  std::string undoText() const;
  std::string redoText() const;
  void undo();
  void redo();
  // Increases with every change; a view or autosave compares it with the last one it saw.
  uint64_t revision() const { return m_revision; }
  // Marks the current state as saved (isModified() becomes false until the next change).
  void markSaved();
  bool isModified() const { return m_revision != m_savedRevision; }

 private:
  struct Edit;
  struct Step;
  ObjectInfo& objectRef(int objectId);  // throws masklet::Error for an unknown id
  void changeObject(const std::string& text, int objectId,
                    const std::function<void(ObjectInfo&)>& change);
  // Adds to `edit` the change of one mask entry to `mask` (nullopt: removed), if it differs.
  void recordMask(Edit& edit, const FrameObjectKey& key,
                  const std::optional<ObjectMask>& mask) const;
  // Applies an edit to the state, records it for undo (in the open group, if any), notifies.
  void commit(const std::string& text, Edit edit);
  void apply(const Edit& edit, bool forward, DocumentChange& change);
  // Undo (forward = false) or redo the newest step of `from`, moving it to `to`.
  void travel(std::vector<std::unique_ptr<Step>>& from, std::vector<std::unique_ptr<Step>>& to,
              bool forward);
  void notify(const DocumentChange& change);

  DocumentState m_state;
  std::vector<std::unique_ptr<Step>> m_undo;
  std::vector<std::unique_ptr<Step>> m_redo;
  std::unique_ptr<Step> m_group;
  std::map<int, Listener> m_listeners;
  int m_nextListener = 1;
  uint64_t m_revision = 0;
  uint64_t m_savedRevision = 0;
};

}  // namespace masklet::project
