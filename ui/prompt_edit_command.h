#pragma once
// One prompt edit (a click, a box, a cleared frame) as an undoable command: undo and redo put
// back the object's prompts on that frame and have the tracker recompute them. GUI thread.
#include <QUndoCommand>
#include <functional>

#include "project/annotation_project.h"

namespace masklet::ui {

class PromptEditCommand : public QUndoCommand {
 public:
  // Sets the prompts of `objectId` on `frame` and updates the tracker.
  using Apply = std::function<void(int frame, int objectId, const project::FramePrompts&)>;

  // The edit has already been applied when the command is pushed, so the first redo() is a
  // no-op.
  PromptEditCommand(const QString& text, int frame, int objectId, project::FramePrompts before,
                    project::FramePrompts after, Apply apply);

  void undo() override;
  void redo() override;

 private:
  int m_frame;
  int m_objectId;
  project::FramePrompts m_before;
  project::FramePrompts m_after;
  Apply m_apply;
  bool m_applied = true;
};

}  // namespace masklet::ui
