#pragma once
// Records what the engine answered into the Document, the one way the GUI and `masklet-cli
// track` both do it: a prompt answer is one command (the object's new prompts with the frame's
// masks), a tracking run one command of tracked frames. Two rules live here:
//  - a mask the user accepted or painted (MaskSource::Edited) stays as it is when the engine
//    answers for another object there or tracks through its frame;
//  - a frame an object has prompts on keeps that object's mask as the prompts' result
//    (MaskSource::Prompted) when a run passes through it.
// While it records, isRecording() is true, so a Document listener tells the engine's own answers
// apart from the changes the engine has not seen (undo, redo, imports, edits elsewhere).
//
// Torch-free (the ui holds one). Thread-safety: none; the Document's thread owns it.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "project/document.h"
#include "tracker/document_frame.h"

namespace masklet::tracker {

// One prompt answer to record.
struct PromptRecord {
  std::string text;  // the command's name ("Positive point", "Clear prompts")
  int frame = -1;
  int objectId = 0;
  // The input the engine took on top of the Document's prompts there; nullopt: the prompts
  // were cleared.
  std::optional<project::PromptInput> input;
  bool newObject = false;  // the object is created (with objectId) when the Document lacks it
  // Set: the object's mask there then becomes this one (accepting a frame).
  std::optional<project::ObjectMask> accepted;
};

class ResultRecorder {
 public:
  explicit ResultRecorder(project::Document& document) : m_document(document) {}
  ResultRecorder(const ResultRecorder&) = delete;
  ResultRecorder& operator=(const ResultRecorder&) = delete;

  // True while one of the calls below changes the Document (listeners hear it synchronously).
  bool isRecording() const { return m_recording > 0; }

  // The engine's answer to a prompt, as one undo step named record.text.
  void recordPrompt(const PromptRecord& record, const DocumentFrame& answer);

  // A tracking run: its frames between beginRun and endRun form one undo step.
  void beginRun(const std::string& text);
  // One tracked frame's masks (`frame` in the Document's numbering).
  void recordTracked(const std::string& text, int frame,
                     const std::map<int, project::ObjectMask>& masks);
  void endRun();

  // Removes the object; `frames`: the engine's new masks for the others where it changed them.
  void recordRemoval(const std::string& text, int objectId,
                     const std::vector<DocumentFrame>& frames = {});
  // The object's mask on the frame becomes `mask` as it is (the engine already has it as the
  // frame's prompt).
  void recordMask(const std::string& text, int frame, int objectId,
                  const project::ObjectMask& mask);
  // Each mask becomes a new object with it as its prompt (and mask) on `frame`, one undo
  // step; returns the new ids. The caller rebuilds the engine from the Document's prompts.
  std::vector<int> recordMaskObjects(const std::string& text, int frame,
                                     const std::vector<dataset::Rle>& masks);

 private:
  // The engine's masks minus the Edited ones in the Document, except `promptedObject`'s.
  std::map<int, project::ObjectMask> keepEdited(int frame,
                                                const std::map<int, project::ObjectMask>& masks,
                                                int promptedObject = 0) const;
  // Runs `change` on the Document with isRecording() true.
  void ownChange(const std::function<void()>& change);

  project::Document& m_document;
  int m_recording = 0;  // > 0 while this recorder changes the Document
};

}  // namespace masklet::tracker
